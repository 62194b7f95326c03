package io.kvx.gateway.server;

import io.kvx.core.bus.Addresses;
import io.kvx.core.controller.CoreApi;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.kvx.gateway.server.ServerHarness.verify;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ServerControllerTest {

  private static final JsonObject CONFIG = new JsonObject()
    .put("limits", new JsonObject().put("concurrentRequests", 7))
    .put("http", new JsonObject().put("accessControlAllowOrigin", "*").put("routes", new JsonObject().put("x", 1)))
    .put("security", new JsonObject().put("authToken", new JsonObject().put("secret", "s3cr3t")))
    .put("stats", new JsonObject().put("enabled", false));

  private Vertx vertx;
  private ServerHarness harness;

  @BeforeEach
  void start(VertxTestContext ctx) {
    vertx = Vertx.vertx();
    harness = new ServerHarness(vertx, CONFIG.copy());
    harness.start().onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    vertx.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void now_whenCalled_returnsCurrentEpochMillis(VertxTestContext ctx) {
    long before = System.currentTimeMillis();
    verify(ctx, harness.call("now"), envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(200);
      assertThat(envelope.getJsonObject("result").getLong("now"))
        .isBetween(before, System.currentTimeMillis());
    });
  }

  @Test
  void info_whenCalled_describesVersionRoutesRuntimeAndServices(VertxTestContext ctx) {
    verify(ctx, harness.call("info"), envelope -> {
      JsonObject info = envelope.getJsonObject("result").getJsonObject("serverInfo");
      JsonObject kuzzle = info.getJsonObject("kuzzle");
      assertThat(kuzzle.getString("version")).isEqualTo("2.56.0");
      assertThat(kuzzle.getJsonObject("api").getJsonObject("routes").getJsonObject("document").getJsonObject("get")
        .getJsonArray("http").getJsonObject(0).getString("url")).isEqualTo("/:index/:collection/:_id");
      assertThat(kuzzle.getString("nodeVersion")).startsWith("java-" + Runtime.version().feature());
      assertThat(kuzzle.getString("uptime")).matches("\\d+s");
      assertThat(kuzzle.getLong("memoryUsed")).isPositive();
      assertThat(kuzzle.getJsonObject("system").getInteger("cpus")).isPositive();
      JsonObject memory = kuzzle.getJsonObject("system").getJsonObject("memory");
      assertThat(memory.getLong("total")).isPositive().isGreaterThanOrEqualTo(memory.getLong("free"));
      assertThat(info.getJsonObject("services").fieldNames())
        .containsExactlyInAnyOrder("internalCache", "internalStorage", "memoryStorage", "publicStorage");
    });
  }

  @Test
  void publicApi_whenCalled_returnsTheRegistryRouteTable(VertxTestContext ctx) {
    verify(ctx, harness.call("publicApi"), envelope -> {
      JsonObject api = envelope.getJsonObject("result");
      assertThat(api).isEqualTo(harness.node.registry().publicApi());
      assertThat(api.getJsonObject("ms")).isEqualTo(api.getJsonObject("memoryStorage"));
      assertThat(api.getJsonObject("server").getJsonObject("now").getJsonArray("http").getJsonObject(0)
        .getString("verb")).isEqualTo("GET");
    });
  }

  @Test
  void getConfig_whenConfigHoldsSecrets_hidesSecurityAndHttpRoutes(VertxTestContext ctx) {
    verify(ctx, harness.call("getConfig"), envelope -> {
      JsonObject config = envelope.getJsonObject("result");
      assertThat(config.containsKey("security")).isFalse();
      assertThat(config.getJsonObject("http").containsKey("routes")).isFalse();
      assertThat(config.getJsonObject("http").getString("accessControlAllowOrigin")).isEqualTo("*");
      assertThat(config.getJsonObject("limits").getInteger("concurrentRequests")).isEqualTo(7);
      assertThat(harness.node.config().getJsonObject("security")).isNotNull();
      assertThat(harness.node.config().getJsonObject("http").containsKey("routes")).isTrue();
    });
  }

  @Test
  void capabilities_whenCalled_reportsLimitsWithDefaultsRoutesServicesAndVersion(VertxTestContext ctx) {
    verify(ctx, harness.call("capabilities"), envelope -> {
      JsonObject capabilities = envelope.getJsonObject("result");
      assertThat(capabilities.getJsonObject("limits").getInteger("concurrentRequests")).isEqualTo(7);
      assertThat(capabilities.getJsonObject("limits").getInteger("documentsWriteCount")).isEqualTo(200);
      assertThat(capabilities.getJsonObject("routes")).isEqualTo(harness.node.registry().publicApi());
      assertThat(capabilities.getJsonObject("plugins")).isEmpty();
      assertThat(capabilities.getJsonObject("services").getJsonObject("internalCache").getString("type"))
        .isEqualTo("embedded");
      assertThat(capabilities.getString("version")).isEqualTo(ServerController.KUZZLE_API_VERSION);
    });
  }

  @Test
  void metrics_withoutRealtimeVerticle_countsRequestsAndConnectionsAndReportsZeroRealtime(VertxTestContext ctx) {
    harness.node.countConnection("websocket", 3);
    harness.node.countConnection("websocket", -1);
    harness.node.countConnection("http", 1);
    verify(ctx, harness.call("metrics"), envelope -> {
      JsonObject metrics = envelope.getJsonObject("result");
      // The metrics request itself holds the only throttle slot in use.
      assertThat(metrics.getJsonObject("api"))
        .isEqualTo(new JsonObject().put("concurrentRequests", 1).put("pendingRequests", 0));
      assertThat(metrics.getJsonObject("network").getJsonObject("connections"))
        .isEqualTo(new JsonObject().put("websocket", 2L).put("http", 1L));
      assertThat(metrics.getJsonObject("realtime"))
        .isEqualTo(new JsonObject().put("rooms", 0L).put("subscriptions", 0L));
    });
  }

  @Test
  void metrics_whenRealtimeVerticleAnswers_reportsItsRoomsAndSubscriptions(VertxTestContext ctx) {
    Future<JsonObject> metrics = answer(Addresses.REALTIME_METRICS,
      new JsonObject().put("rooms", 3).put("subscriptions", 5))
      .compose(ready -> harness.call("metrics"));
    verify(ctx, metrics, envelope -> assertThat(envelope.getJsonObject("result").getJsonObject("realtime"))
      .isEqualTo(new JsonObject().put("rooms", 3L).put("subscriptions", 5L)));
  }

  @Test
  void adminExists_withoutSecurityVerticle_returnsFalse(VertxTestContext ctx) {
    verify(ctx, harness.call("adminExists"), envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(200);
      assertThat(envelope.getJsonObject("result")).isEqualTo(new JsonObject().put("exists", false));
    });
  }

  @Test
  void adminExists_whenSecurityVerticleFindsAnAdmin_returnsTrue(VertxTestContext ctx) {
    Future<JsonObject> exists = answer(Addresses.ADMIN_EXISTS, new JsonObject().put("exists", true))
      .compose(ready -> harness.call("adminExists"));
    verify(ctx, exists, envelope -> assertThat(envelope.getJsonObject("result"))
      .isEqualTo(new JsonObject().put("exists", true)));
  }

  @Test
  void adminExists_whenSecurityVerticleFailsWithKuzzleError_answersThatError(VertxTestContext ctx) {
    KuzzleError unavailable = KuzzleError.of("services.cache.not_connected");
    Future<JsonObject> exists = vertx.eventBus()
      .consumer(Addresses.ADMIN_EXISTS, m -> m.fail(unavailable.code(), unavailable.toJson().encode()))
      .completion()
      .compose(ready -> harness.call("adminExists"));
    verify(ctx, exists, envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(503);
      assertThat(envelope.getJsonObject("error").getString("id")).isEqualTo("services.cache.not_connected");
    });
  }

  @Test
  void healthCheck_withoutStorageEngine_answers500ServiceUnavailable(VertxTestContext ctx) {
    verify(ctx, harness.call("healthCheck"), envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(500);
      JsonObject error = envelope.getJsonObject("error");
      assertThat(error.getString("id")).isEqualTo("core.fatal.service_unavailable");
      assertThat(error.getJsonArray("props")).isEqualTo(new JsonArray().add("storageEngine"));
    });
  }

  @Test
  void healthCheck_whenStorageEngineAnswers_isGreenForEveryService(VertxTestContext ctx) {
    Future<JsonObject> health = answer(Addresses.STORAGE_HEALTH, new JsonObject())
      .compose(ready -> harness.call("healthCheck"));
    verify(ctx, health, envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(200);
      assertThat(envelope.getJsonObject("result")).isEqualTo(new JsonObject().put("status", "green")
        .put("services", new JsonObject().put("internalCache", "green").put("memoryStorage", "green")
          .put("storageEngine", "green")));
    });
  }

  @Test
  void healthCheck_whenServicesListLeavesStorageOut_checksOnlyTheListedOnes(VertxTestContext ctx) {
    JsonObject args = new JsonObject().put("services", "memoryStorage, internalCache,unknown");
    verify(ctx, harness.call("healthCheck", args), envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(200);
      assertThat(envelope.getJsonObject("result").getJsonObject("services"))
        .isEqualTo(new JsonObject().put("internalCache", "green").put("memoryStorage", "green"));
    });
  }

  @Test
  void healthCheck_whenServicesIsAnArray_checksThoseServices(VertxTestContext ctx) {
    JsonObject args = new JsonObject().put("services", new JsonArray().add("storageEngine"));
    verify(ctx, harness.call("healthCheck", args), envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(500);
      assertThat(envelope.getJsonObject("error").getString("id")).isEqualTo("core.fatal.service_unavailable");
    });
  }

  @Test
  void healthCheck_whenServicesHoldsANonString_answers400InvalidType(VertxTestContext ctx) {
    JsonObject args = new JsonObject().put("services", new JsonArray().add(42));
    verify(ctx, harness.call("healthCheck", args), envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(400);
      assertThat(envelope.getJsonObject("error").getString("id")).isEqualTo("api.assert.invalid_type");
    });
  }

  @Test
  void anyServerAction_whenCalled_isServed(VertxTestContext ctx) {
    List<String> actions = List.copyOf(CoreApi.controllers().get("server").actions().keySet());
    List<Future<JsonObject>> calls = actions.stream().map(harness::call).toList();
    verify(ctx, Future.all(calls), all -> {
      assertThat(actions).hasSize(12);
      for (int i = 0; i < actions.size(); i++) {
        JsonObject envelope = all.resultAt(i);
        assertThat(envelope.getInteger("status")).as(actions.get(i)).isIn(200, 500);
        if (envelope.getInteger("status") == 500) {
          assertThat(envelope.getJsonObject("error").getString("id")).as(actions.get(i))
            .isEqualTo("core.fatal.service_unavailable");
        }
      }
    });
  }

  @Test
  void close_whenCalled_stopsServingTheController(VertxTestContext ctx) {
    Future<JsonObject> afterClose = harness.server().close().compose(closed -> harness.call("now"));
    verify(ctx, afterClose, envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(503);
      assertThat(envelope.getJsonObject("error").getString("id")).isEqualTo("api.process.controller_unavailable");
    });
  }

  /** Registers a consumer replying {@code reply} on {@code address}. */
  private Future<Void> answer(String address, JsonObject reply) {
    return vertx.eventBus().consumer(address, m -> m.reply(reply)).completion();
  }
}
