package io.kvx.gateway.server;

import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.pipeline.KvxNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatsRingTest {

  private final KvxNode node = new KvxNode(new JsonObject(), ControllerRegistry.withCoreApi());
  private final AtomicLong clock = new AtomicLong();
  private final StatsRing ring = new StatsRing(node, 2_500L, clock::get);

  @Test
  void between_whenBothBoundsGiven_keepsFramesWithinInclusive() {
    takeAt(1_000L, 2_000L, 3_000L);
    assertThat(timestamps(ring.between(2_000L, 3_000L))).containsExactly(2_000L, 3_000L);
    assertThat(timestamps(ring.between(null, 1_999L))).containsExactly(1_000L);
    assertThat(timestamps(ring.between(2_001L, null))).containsExactly(3_000L);
    assertThat(ring.between(3_001L, null).getInteger("total")).isZero();
  }

  @Test
  void take_whenFramesOutliveTheTtl_forgetsThem() {
    takeAt(1_000L, 2_000L, 4_000L);
    assertThat(timestamps(ring.all())).containsExactly(2_000L, 4_000L);
    clock.set(10_000L);
    assertThat(ring.all().getInteger("total")).isZero();
  }

  @Test
  void last_whenFramesExist_returnsTheNewestWithoutTakingOne() {
    takeAt(1_000L, 2_000L);
    clock.set(2_500L);
    assertThat(ring.last().getLong("timestamp")).isEqualTo(2_000L);
    assertThat(ring.size()).isEqualTo(2);
  }

  @Test
  void last_whenEmpty_takesAndKeepsAFrame() {
    node.countConnection("mqtt", 4);
    clock.set(7_000L);
    JsonObject frame = ring.last();
    assertThat(frame.getLong("timestamp")).isEqualTo(7_000L);
    assertThat(frame.getJsonObject("connections")).isEqualTo(new JsonObject().put("mqtt", 4L));
    assertThat(ring.size()).isEqualTo(1);
  }

  @Test
  void all_whenResultIsModified_leavesTheRingUnchanged() {
    takeAt(1_000L);
    ring.all().getJsonArray("hits").getJsonObject(0).put("timestamp", 0L);
    assertThat(timestamps(ring.all())).containsExactly(1_000L);
  }

  @Test
  void intervalMillis_whenConfigured_readsSecondsWithFractions() {
    assertThat(StatsRing.intervalMillis(new JsonObject())).isEqualTo(10_000L);
    assertThat(StatsRing.intervalMillis(stats("statsInterval", 0.25))).isEqualTo(250L);
    assertThat(StatsRing.enabled(new JsonObject())).isTrue();
    assertThat(StatsRing.enabled(stats("enabled", false))).isFalse();
  }

  @Test
  void intervalMillis_whenNotAPositiveNumber_isRefused() {
    assertThatThrownBy(() -> StatsRing.intervalMillis(stats("statsInterval", 0)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stats.statsInterval");
    assertThatThrownBy(() -> StatsRing.intervalMillis(stats("statsInterval", "10s")))
      .isInstanceOf(IllegalArgumentException.class);
  }

  private void takeAt(long... timestamps) {
    for (long timestamp : timestamps) {
      clock.set(timestamp);
      ring.take();
    }
  }

  private static List<Long> timestamps(JsonObject result) {
    JsonArray hits = result.getJsonArray("hits");
    assertThat(result.getInteger("total")).isEqualTo(hits.size());
    return hits.stream().map(h -> ((JsonObject) h).getLong("timestamp")).toList();
  }

  private static JsonObject stats(String key, Object value) {
    return new JsonObject().put("stats", new JsonObject().put(key, value));
  }
}
