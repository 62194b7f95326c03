package io.kvx.gateway.server;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.kvx.gateway.server.ServerHarness.verify;
import static org.assertj.core.api.Assertions.assertThat;

/** The deprecated statistics actions, through the pipeline. */
@ExtendWith(VertxExtension.class)
class StatsTest {

  private Vertx vertx;

  @AfterEach
  void stop(VertxTestContext ctx) {
    vertx.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void getLastStats_whenNoFrameYet_takesOneOfTheNodeCountersNow(VertxTestContext ctx) {
    ServerHarness harness = harness(new JsonObject().put("enabled", false));
    harness.node.countConnection("websocket", 1);
    harness.node.countRequest("websocket", 200);
    harness.node.countRequest("websocket", 200);
    harness.node.countRequest("http", 404);
    long before = System.currentTimeMillis();
    Future<JsonObject> last = harness.start().compose(started -> harness.call("getLastStats"));
    verify(ctx, last, envelope -> {
      JsonObject frame = envelope.getJsonObject("result");
      assertThat(frame.getLong("timestamp")).isBetween(before, System.currentTimeMillis());
      assertThat(frame.getJsonObject("completedRequests")).isEqualTo(new JsonObject().put("websocket", 2L));
      assertThat(frame.getJsonObject("failedRequests")).isEqualTo(new JsonObject().put("http", 1L));
      assertThat(frame.getJsonObject("connections")).isEqualTo(new JsonObject().put("websocket", 1L));
      assertThat(frame.getJsonObject("ongoingRequests")).isNotNull();
    });
  }

  @Test
  void getAllStats_whenOnlyGetLastStatsTookAFrame_holdsThatFrame(VertxTestContext ctx) {
    ServerHarness harness = harness(new JsonObject().put("enabled", false));
    Future<JsonObject[]> both = harness.start()
      .compose(started -> harness.call("getLastStats"))
      .compose(last -> harness.call("getAllStats").map(all -> new JsonObject[] {last, all}));
    verify(ctx, both, envelopes -> {
      JsonObject all = envelopes[1].getJsonObject("result");
      assertThat(all.getInteger("total")).isEqualTo(1);
      assertThat(all.getJsonArray("hits")).isEqualTo(new JsonArray().add(envelopes[0].getJsonObject("result")));
    });
  }

  @Test
  void getAllStats_whenTimerRuns_collectsFramesInTimeOrder(VertxTestContext ctx) {
    ServerHarness harness = harness(new JsonObject().put("statsInterval", 0.02));
    Future<JsonObject> all = harness.start()
      .compose(started -> delay(300))
      .compose(waited -> harness.call("getAllStats"));
    verify(ctx, all, envelope -> {
      JsonObject result = envelope.getJsonObject("result");
      JsonArray hits = result.getJsonArray("hits");
      assertThat(result.getInteger("total")).isEqualTo(hits.size()).isGreaterThanOrEqualTo(3);
      assertThat(hits.stream().map(h -> ((JsonObject) h).getLong("timestamp")).toList()).isSorted();
    });
  }

  @Test
  void getStats_whenBoundsGiven_returnsOnlyFramesWithin(VertxTestContext ctx) {
    ServerHarness harness = harness(new JsonObject().put("enabled", false));
    Future<JsonObject[]> results = harness.start()
      .compose(started -> harness.call("getLastStats"))
      .compose(last -> {
        long at = last.getJsonObject("result").getLong("timestamp");
        Future<JsonObject> within = harness.call("getStats", new JsonObject().put("startTime", String.valueOf(at))
          .put("stopTime", at));
        Future<JsonObject> after = harness.call("getStats", new JsonObject().put("startTime", at + 1));
        Future<JsonObject> noBounds = harness.call("getStats", new JsonObject());
        return Future.all(within, after, noBounds).map(all -> new JsonObject[] {
          all.resultAt(0), all.resultAt(1), all.resultAt(2)});
      });
    verify(ctx, results, envelopes -> {
      assertThat(envelopes[0].getJsonObject("result").getInteger("total")).isEqualTo(1);
      assertThat(envelopes[1].getJsonObject("result")).isEqualTo(new JsonObject().put("hits", new JsonArray())
        .put("total", 0));
      assertThat(envelopes[2].getJsonObject("result").getInteger("total")).isEqualTo(1);
    });
  }

  @Test
  void getStats_whenStartTimeIsNotAnInteger_answers400InvalidType(VertxTestContext ctx) {
    ServerHarness harness = harness(new JsonObject().put("enabled", false));
    Future<JsonObject> stats = harness.start()
      .compose(started -> harness.call("getStats", new JsonObject().put("startTime", "yesterday")));
    verify(ctx, stats, envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(400);
      assertThat(envelope.getJsonObject("error").getString("id")).isEqualTo("api.assert.invalid_type");
      assertThat(envelope.getJsonObject("error").getJsonArray("props").getString(0)).isEqualTo("startTime");
    });
  }

  @Test
  void close_whenTimerRuns_stopsTakingFrames(VertxTestContext ctx) {
    ServerHarness harness = harness(new JsonObject().put("statsInterval", 0.01));
    int[] sizeAtClose = new int[1];
    Future<Integer> sizeLater = harness.start()
      .compose(started -> delay(100))
      .compose(waited -> {
        sizeAtClose[0] = harness.server().stats().size();
        return harness.server().close();
      })
      .compose(closed -> delay(150))
      .map(waited -> harness.server().stats().size());
    verify(ctx, sizeLater, size -> {
      assertThat(sizeAtClose[0]).isPositive();
      // One tick may already have been queued when the timer was cancelled.
      assertThat(size).isBetween(sizeAtClose[0], sizeAtClose[0] + 1);
    });
  }

  private ServerHarness harness(JsonObject stats) {
    vertx = Vertx.vertx();
    return new ServerHarness(vertx, new JsonObject().put("stats", stats));
  }

  private Future<Void> delay(long millis) {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(millis, id -> done.complete());
    return done.future();
  }
}
