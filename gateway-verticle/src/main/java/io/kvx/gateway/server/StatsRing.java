package io.kvx.gateway.server;

import io.kvx.core.config.ConfigLoader;
import io.kvx.core.pipeline.KvxNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.LongSupplier;

/**
 * The statistics frames of the deprecated {@code server:getStats}, {@code getLastStats} and {@code getAllStats}
 * actions: snapshots of the node's counters, oldest first, kept for {@code stats.ttl} seconds. Frames are added by
 * a periodic timer and read by the controller, possibly from another thread, hence the concurrent deque.
 *
 * <p>A frame is {@code {completedRequests, connections, failedRequests, ongoingRequests, timestamp}}, the first
 * three by protocol.
 */
final class StatsRing {

  static final double DEFAULT_TTL_SECONDS = 3600;
  static final double DEFAULT_INTERVAL_SECONDS = 10;

  private final KvxNode node;
  private final long ttlMillis;
  private final LongSupplier clock;
  private final ConcurrentLinkedDeque<JsonObject> frames = new ConcurrentLinkedDeque<>();

  StatsRing(KvxNode node, long ttlMillis, LongSupplier clock) {
    this.node = node;
    this.ttlMillis = ttlMillis;
    this.clock = clock;
  }

  /** A ring keeping frames for {@code stats.ttl} seconds of {@code node}'s configuration. */
  static StatsRing of(KvxNode node) {
    return new StatsRing(node, seconds(node.config(), "ttl", DEFAULT_TTL_SECONDS), System::currentTimeMillis);
  }

  /** Whether frames are taken periodically: {@code stats.enabled}, true by default. */
  static boolean enabled(JsonObject config) {
    return ConfigLoader.section(config, "stats").getBoolean("enabled", true);
  }

  /** The time between two frames: {@code stats.statsInterval} seconds (fractions allowed). */
  static long intervalMillis(JsonObject config) {
    return seconds(config, "statsInterval", DEFAULT_INTERVAL_SECONDS);
  }

  private static long seconds(JsonObject config, String key, double fallback) {
    Object value = ConfigLoader.section(config, "stats").getValue(key, fallback);
    if (!(value instanceof Number n) || Math.round(n.doubleValue() * 1000) < 1) {
      throw new IllegalArgumentException("stats." + key + " must be a positive number of seconds, got " + value);
    }
    return Math.round(n.doubleValue() * 1000);
  }

  /** Takes a frame of the node's counters now, forgets the expired ones and returns the new frame. */
  JsonObject take() {
    long now = clock.getAsLong();
    // Limitation: the node counts running requests in total only (Throttle.running()), not by protocol, so
    // ongoingRequests stays empty; KvxNode would need per-protocol in-flight counters.
    JsonObject frame = new JsonObject()
      .put("completedRequests", node.completedRequests())
      .put("connections", node.connections())
      .put("failedRequests", node.failedRequests())
      .put("ongoingRequests", new JsonObject())
      .put("timestamp", now);
    frames.addLast(frame);
    expire(now);
    return frame.copy();
  }

  /** The latest frame, or a new one when there is none yet. */
  JsonObject last() {
    expire(clock.getAsLong());
    JsonObject last = frames.peekLast();
    return last == null ? take() : last.copy();
  }

  /** Every frame kept, as {@code {hits, total}}. */
  JsonObject all() {
    return between(null, null);
  }

  /** The frames whose timestamp is within {@code [start, stop]}, either bound optional, as {@code {hits, total}}. */
  JsonObject between(Long start, Long stop) {
    expire(clock.getAsLong());
    JsonArray hits = new JsonArray();
    for (JsonObject frame : frames) {
      long timestamp = frame.getLong("timestamp");
      if ((start == null || timestamp >= start) && (stop == null || timestamp <= stop)) {
        hits.add(frame.copy());
      }
    }
    return new JsonObject().put("hits", hits).put("total", hits.size());
  }

  int size() {
    return frames.size();
  }

  private void expire(long now) {
    Iterator<JsonObject> oldestFirst = frames.iterator();
    while (oldestFirst.hasNext() && oldestFirst.next().getLong("timestamp") < now - ttlMillis) {
      oldestFirst.remove();
    }
  }
}
