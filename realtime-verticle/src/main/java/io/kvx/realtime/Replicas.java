package io.kvx.realtime;

import io.kvx.core.cluster.ClusterView;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Keeps the rooms of every realtime node of a cluster alike, so that any of them can answer {@code count},
 * {@code list} and {@code join} for the whole cluster, match any change event against every subscription, and
 * take over when another dies.
 *
 * <ul>
 *   <li>A subscription, join or unsubscription is applied by the node that received the request, then sent to every
 *   other realtime node ({@code __kvx.realtime.replica.<node id>}); the request is answered once they all applied it
 *   (or failed to answer: a dying node), so that the next change event finds it wherever it is matched.</li>
 *   <li>A realtime node that starts asks a peer for all its rooms before it serves anything, and applies what the
 *   others sent it meanwhile afterwards.</li>
 *   <li>Events that every realtime node receives (change events, closed connections, a gateway node that died) are
 *   handled by one of them only, its {@linkplain #owns owner}, chosen from the event's key among the live realtime
 *   nodes: each change of one document is notified once, by one node, in order.</li>
 * </ul>
 *
 * <p>A standalone node has no peers and owns every event. Not thread-safe: runs on the realtime verticle's loop.
 */
// Limitation: while the nodes disagree on who is alive (the seconds it takes to detect a dead node), an event may be
// owned by a node that is gone, and its notifications are lost; a handover with acknowledgements would close it.
final class Replicas {

  static final String PREFIX = "__kvx.realtime.replica.";
  /** Where a realtime node that is ready to handle events says so to the others. */
  static final String HELLO = "__kvx.realtime.hello";
  static final String ROLE = "realtime";

  private static final Logger LOG = LoggerFactory.getLogger(Replicas.class);
  private static final long TIMEOUT_MS = 5000;

  private final Vertx vertx;
  private final ClusterView cluster;
  private final String self;
  private final Subscriptions subscriptions;
  /** Realtime nodes that handle events: the owners of events are chosen among them (and the live ones). */
  private final Set<String> ready = new HashSet<>();
  private List<JsonObject> pending = new ArrayList<>();
  private MessageConsumer<JsonObject> consumer;
  private MessageConsumer<JsonObject> hello;

  Replicas(Vertx vertx, ClusterView cluster, String self, Subscriptions subscriptions) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.self = self;
    this.subscriptions = subscriptions;
  }

  /**
   * Listens to the other realtime nodes, then copies the rooms of one of them, if any is up. Call {@link #ready()}
   * once the node consumes the events it may own.
   */
  Future<Void> start() {
    consumer = vertx.eventBus().consumer(PREFIX + self, this::onMessage);
    hello = vertx.eventBus().consumer(HELLO, message -> {
      String node = message.body().getString("node");
      if (!self.equals(node) && ready.add(node)) {
        vertx.eventBus().send(PREFIX + node, new JsonObject().put("op", "hello").put("node", self));
      }
    });
    return Future.all(consumer.completion(), hello.completion()).<Void>compose(listening -> {
      List<String> peers = peers();
      if (peers.isEmpty()) {
        return Future.succeededFuture();
      }
      return vertx.eventBus().<JsonObject>request(PREFIX + peers.get(0), new JsonObject().put("op", "snapshot"),
          new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .<Void>map(reply -> {
          JsonArray rooms = reply.body().getJsonArray("rooms");
          rooms.forEach(room -> restore((JsonObject) room));
          LOG.info("Copied {} rooms from realtime node {}", rooms.size(), peers.get(0));
          return null;
        })
        .recover(failure -> {
          LOG.info("No realtime node answered with its rooms ({}); starting without any", failure.getMessage());
          return Future.succeededFuture();
        });
    }).onComplete(done -> {
      List<JsonObject> meanwhile = pending;
      pending = null;
      meanwhile.forEach(this::apply);
    });
  }

  /** From now on this node takes its share of the events; the others learn it. */
  void ready() {
    ready.add(self);
    vertx.eventBus().publish(HELLO, new JsonObject().put("node", self));
  }

  /** A node left the cluster: it owns nothing any more. */
  void left(String node) {
    ready.remove(node);
  }

  Future<Void> stop() {
    List<Future<?>> stopped = new ArrayList<>();
    if (consumer != null) {
      stopped.add(consumer.unregister());
    }
    if (hello != null) {
      stopped.add(hello.unregister());
    }
    return Future.join(stopped).mapEmpty();
  }

  private void onMessage(Message<JsonObject> message) {
    JsonObject body = message.body();
    if ("snapshot".equals(body.getString("op"))) {
      message.reply(new JsonObject().put("rooms", subscriptions.snapshot()));
      return;
    }
    if ("hello".equals(body.getString("op"))) {
      ready.add(body.getString("node"));
      return;
    }
    if (pending != null) {
      pending.add(body);
    } else {
      apply(body);
    }
    message.reply(null);
  }

  /** Sends a change of the rooms to the other realtime nodes; completes once each applied it or failed to answer. */
  Future<Void> replicate(JsonObject op) {
    List<String> peers = peers();
    if (peers.isEmpty()) {
      return Future.succeededFuture();
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(TIMEOUT_MS);
    List<Future<?>> sent = new ArrayList<>(peers.size());
    for (String peer : peers) {
      sent.add(vertx.eventBus().request(PREFIX + peer, op, options)
        .onFailure(failure -> LOG.debug("Realtime node {} did not apply a change: {}", peer, failure.getMessage())));
    }
    return Future.join(sent).transform(done -> Future.succeededFuture());
  }

  /** A subscription or a join, as {@link #replicate} sends it. */
  static JsonObject joined(Subscriptions.Subscriber who, Room room, ChannelOptions options) {
    return new JsonObject().put("op", "join").put("connectionId", who.connectionId()).put("gateway", who.gateway())
      .put("protocol", who.protocol()).put("volatile", who.volatileData()).put("index", room.index)
      .put("collection", room.collection).put("filter", new JsonObject(room.source)).put("roomId", room.id)
      .put("channel", options.toJson());
  }

  /** An unsubscription, as {@link #replicate} sends it. */
  static JsonObject left(String connectionId, String roomId) {
    return new JsonObject().put("op", "leave").put("connectionId", connectionId).put("roomId", roomId);
  }

  /** Applies a change made on another node, without notifying anyone (that node did). */
  private void apply(JsonObject op) {
    try {
      if ("join".equals(op.getString("op"))) {
        JsonObject channel = op.getJsonObject("channel");
        join(op, ChannelOptions.of(channel.getString("scope"), channel.getString("users")));
      } else if ("leave".equals(op.getString("op"))) {
        subscriptions.unsubscribe(op.getString("connectionId"), op.getString("roomId"));
      }
    } catch (KuzzleError alreadyApplied) {
      // Left already, or the connection closed meanwhile: nothing to change.
    }
  }

  private void join(JsonObject op, ChannelOptions options) {
    Subscriptions.Subscriber who = new Subscriptions.Subscriber(op.getString("connectionId"), op.getString("gateway"),
      op.getString("protocol"), op.getJsonObject("volatile"));
    subscriptions.subscribe(who, op.getString("index"), op.getString("collection"),
      op.getJsonObject("filter").getMap(), options);
  }

  private void restore(JsonObject room) {
    room.getJsonArray("members").forEach(item -> {
      JsonObject member = (JsonObject) item;
      member.getJsonArray("channels").forEach(channel -> {
        JsonObject options = (JsonObject) channel;
        try {
          join(member.copy().put("index", room.getString("index")).put("collection", room.getString("collection"))
            .put("filter", room.getJsonObject("filter")), ChannelOptions.of(options.getString("scope"),
            options.getString("users")));
        } catch (KuzzleError closed) {
          // The connection closed while the rooms were on their way.
        }
      });
    });
  }

  /**
   * Whether this node handles an event that every realtime node receives: the live realtime node with the highest
   * weight for {@code key} (rendezvous hashing) does, so that adding or losing a node moves only its share of keys.
   */
  boolean owns(String key) {
    List<String> nodes = new ArrayList<>(cluster.nodesWith(ROLE));
    nodes.retainAll(ready);
    if (nodes.isEmpty()) {
      return true;
    }
    String owner = null;
    long best = -1;
    for (String node : nodes) {
      long weight = weight(node, key);
      if (weight > best) {
        best = weight;
        owner = node;
      }
    }
    return self.equals(owner);
  }

  private static long weight(String node, String key) {
    CRC32 crc = new CRC32();
    crc.update(node.getBytes(StandardCharsets.UTF_8));
    crc.update(0);
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    long mixed = crc.getValue() * 0x9E3779B97F4A7C15L;
    return (mixed ^ (mixed >>> 29)) & Long.MAX_VALUE;
  }

  private List<String> peers() {
    List<String> peers = new ArrayList<>(cluster.nodesWith(ROLE));
    peers.remove(self);
    return peers;
  }
}
