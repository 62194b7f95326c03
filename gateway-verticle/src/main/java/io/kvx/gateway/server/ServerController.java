package io.kvx.gateway.server;

import io.kvx.core.bus.Addresses;
import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.Throttle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Kuzzle's {@code server} controller (Kuzzle API reference, controller {@code server}): every action of the
 * route table, answered from this node's state and, for health, metrics and {@code adminExists}, from questions to
 * other verticles on the event bus ({@link Addresses}).
 *
 * <p>Each gateway instance builds its own, in its start method, and serves it from its context:
 * <pre>{@code
 * server = new ServerController(vertx, node);
 * return server.controller().serve(vertx);
 * }</pre>
 * and calls {@link #close()} when it stops. Each instance keeps its own statistics frames; they all read the same
 * node-wide counters, so any instance answers the statistics actions alike.
 */
public final class ServerController {

  /** The Kuzzle version whose API KVX reproduces, reported by {@code info} and {@code capabilities}. */
  public static final String KUZZLE_API_VERSION = "2.56.0";

  /** The services {@code healthCheck} knows, in the order it reports them. */
  static final List<String> HEALTH_SERVICES = List.of("internalCache", "memoryStorage", "storageEngine");

  private final Vertx vertx;
  private final KvxNode node;
  private final ServiceProbes probes;
  private final StatsRing stats;
  private final long statsTimer;
  private final ApiController controller;

  /**
   * Builds the controller and, unless {@code stats.enabled} is false, starts taking a statistics frame every
   * {@code stats.statsInterval} seconds. Call it from the verticle that will serve the controller.
   *
   * @throws IllegalArgumentException when the {@code stats} section of the configuration is invalid
   */
  public ServerController(Vertx vertx, KvxNode node) {
    this.vertx = vertx;
    this.node = node;
    this.probes = new ServiceProbes(vertx);
    this.stats = StatsRing.of(node);
    long interval = StatsRing.intervalMillis(node.config());
    this.statsTimer = StatsRing.enabled(node.config()) ? vertx.setPeriodic(interval, id -> stats.take()) : -1L;
    this.controller = ApiController.named("server")
      .action("adminExists", call -> probes.adminExists().map(exists -> new JsonObject().put("exists", exists)))
      .action("capabilities", call -> Future.succeededFuture(capabilities()))
      .action("getAllStats", call -> Future.succeededFuture(stats.all()))
      .action("getConfig", call -> Future.succeededFuture(config()))
      .action("getLastStats", call -> Future.succeededFuture(stats.last()))
      .action("getStats", this::getStats)
      .action("healthCheck", this::healthCheck)
      .action("info", call -> Future.succeededFuture(info()))
      .action("metrics", call -> metrics())
      .action("now", call -> Future.succeededFuture(new JsonObject().put("now", System.currentTimeMillis())))
      .action("openapi", this::openapi)
      .action("publicApi", call -> Future.succeededFuture(node.registry().publicApi()))
      .build();
  }

  /** The controller to serve; the same instance on every call. The caller calls {@code serve(vertx)} on it. */
  public ApiController controller() {
    return controller;
  }

  /** Stops taking statistics frames and stops serving the controller. */
  public Future<Void> close() {
    if (statsTimer >= 0) {
      vertx.cancelTimer(statsTimer);
    }
    return controller.stop();
  }

  /** The frames kept for the statistics actions. */
  StatsRing stats() {
    return stats;
  }

  private JsonObject info() {
    return new JsonObject().put("serverInfo", new JsonObject()
      .put("kuzzle", ServerInfo.kuzzle(node))
      .put("services", ServerInfo.services()));
  }

  private JsonObject capabilities() {
    return new JsonObject()
      .put("limits", node.options().limits().toJson())
      .put("plugins", new JsonObject())
      .put("routes", node.registry().publicApi())
      .put("services", ServerInfo.services())
      .put("version", KUZZLE_API_VERSION);
  }

  /** The configuration without the route table and without the {@code security} section (secrets). */
  private JsonObject config() {
    JsonObject config = node.config().copy();
    config.remove("security");
    if (config.getValue("http") instanceof JsonObject http) {
      http.remove("routes");
    }
    return config;
  }

  private Future<JsonObject> metrics() {
    Throttle throttle = node.throttle();
    JsonObject api = new JsonObject()
      .put("concurrentRequests", throttle.running())
      .put("pendingRequests", throttle.pending());
    JsonObject network = new JsonObject().put("connections", node.connections());
    return probes.realtimeMetrics().map(realtime -> new JsonObject()
      .put("api", api)
      .put("network", network)
      .put("realtime", realtime));
  }

  // Limitation: Kuzzle also accepts dates as text (anything Date.parse reads); KVX takes epoch milliseconds only.
  private Future<JsonObject> getStats(ApiCall call) {
    KuzzleRequest request = call.request();
    Long start = request.has("startTime") ? request.getInteger("startTime") : null;
    Long stop = request.has("stopTime") ? request.getInteger("stopTime") : null;
    return Future.succeededFuture(stats.between(start, stop));
  }

  private Future<KuzzleResponse> openapi(ApiCall call) {
    KuzzleRequest request = call.request();
    String format = request.getString("format", "json");
    OpenApiDocument.Scope scope = OpenApiDocument.Scope.fromArgument(request.getString("scope", "kuzzle"));
    if (!"json".equals(format) && !"yaml".equals(format)) {
      throw KuzzleError.of("api.assert.invalid_argument", "format", "\"json\", \"yaml\"");
    }
    if (scope == null) {
      throw KuzzleError.of("api.assert.invalid_argument", "scope", "\"kuzzle\", \"app\"");
    }
    JsonObject document = OpenApiDocument.generate(node.registry().controllers(), scope);
    return Future.succeededFuture("yaml".equals(format)
      ? KuzzleResponse.raw(OpenApiDocument.toYaml(document), "application/yaml")
      : KuzzleResponse.raw(document, "application/json"));
  }

  /**
   * Internal cache and memory storage run inside KVX in this version, so they are up whenever this node answers;
   * the storage engine is asked. A red check answers the result and the error together, as Kuzzle does.
   */
  private Future<KuzzleResponse> healthCheck(ApiCall call) {
    List<String> services = healthServices(call.request());
    Future<Boolean> storage = services.contains("storageEngine") ? probes.storageHealthy()
      : Future.succeededFuture(true);
    return storage.map(storageUp -> {
      JsonObject checked = new JsonObject();
      List<String> down = new ArrayList<>();
      for (String service : services) {
        boolean up = !"storageEngine".equals(service) || storageUp;
        checked.put(service, up ? "green" : "red");
        if (!up) {
          down.add(service);
        }
      }
      if (!down.isEmpty()) {
        return KuzzleResponse.of(KuzzleError.of("core.fatal.service_unavailable", String.join(", ", down)),
          new JsonObject().put("status", "red").put("services", checked));
      }
      return KuzzleResponse.of(new JsonObject().put("status", "green").put("services", checked));
    });
  }

  /**
   * The services to check: the {@code services} argument, a comma-separated list or an array, in the order of
   * {@link #HEALTH_SERVICES}; every service when absent or empty. Unknown names are ignored, as Kuzzle does.
   */
  private static List<String> healthServices(KuzzleRequest request) {
    if (!request.has("services")) {
      return HEALTH_SERVICES;
    }
    List<String> asked = new ArrayList<>();
    if (request.input().getValue("services") instanceof String) {
      for (String name : request.getString("services").split(",")) {
        asked.add(name.trim());
      }
    } else {
      JsonArray names = request.getArray("services");
      for (Object name : names) {
        if (!(name instanceof String text)) {
          throw KuzzleError.of("api.assert.invalid_type", "services", "string[]");
        }
        asked.add(text.trim());
      }
    }
    asked.removeIf(String::isEmpty);
    return asked.isEmpty() ? HEALTH_SERVICES : HEALTH_SERVICES.stream().filter(asked::contains).toList();
  }
}
