package io.kvx.core.controller;

import io.kvx.core.bus.Addresses;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The controllers a node knows: Kuzzle's core controllers, always, and the controllers other verticles announce on
 * the event bus. It answers two questions for the gateways: which controller and action an HTTP path designates,
 * and whether a {@code controller:action} pair exists. Knowing a controller does not mean some node serves it: the
 * pipeline learns that when it sends the call.
 *
 * <p>Thread-safe: readers see an immutable snapshot, swapped as a whole when a controller comes or goes.
 */
public final class ControllerRegistry {

  /** Path prefix of the HTTP routes of controllers added at run time. */
  public static final String CUSTOM_ROUTE_PREFIX = "/_";
  private static final Logger LOG = LoggerFactory.getLogger(ControllerRegistry.class);
  private static final Map<String, String> ALIASES = Map.of("ms", "memoryStorage");

  private final Map<String, ControllerDefinition> core;
  private volatile Snapshot snapshot;

  private ControllerRegistry(Map<String, ControllerDefinition> core) {
    this.core = core;
    this.snapshot = Snapshot.of(core, Map.of());
  }

  /** A registry holding Kuzzle's core controllers. */
  public static ControllerRegistry withCoreApi() {
    return new ControllerRegistry(CoreApi.controllers());
  }

  /**
   * Follows the registry announcements on the event bus and asks the owners of controllers to announce them again,
   * so that a registry started late learns the controllers announced before it.
   */
  public Future<Void> listen(Vertx vertx) {
    MessageConsumer<JsonObject> announce = vertx.eventBus().consumer(Addresses.REGISTRY_ANNOUNCE, m -> {
      try {
        add(ControllerDefinition.fromJson(m.body()));
      } catch (KuzzleError | IllegalArgumentException e) {
        LOG.warn("Controller announcement refused: {}", e.getMessage());
      }
    });
    MessageConsumer<String> withdraw = vertx.eventBus().consumer(Addresses.REGISTRY_WITHDRAW, m -> remove(m.body()));
    return Future.all(announce.completion(), withdraw.completion())
      .andThen(ready -> vertx.eventBus().publish(Addresses.REGISTRY_DISCOVER, null))
      .mapEmpty();
  }

  /** Whether {@code name} (or its alias) is one of Kuzzle's core controllers. */
  public static boolean isCore(String name) {
    return CoreApi.controllers().containsKey(canonical(name));
  }

  /** The name a controller is served under: {@code ms} is {@code memoryStorage}. */
  public static String canonical(String name) {
    return ALIASES.getOrDefault(name, name);
  }

  /** The definition of a controller, core or added, or {@code null}. */
  public ControllerDefinition controller(String name) {
    return snapshot.controllers.get(canonical(name));
  }

  public Collection<ControllerDefinition> controllers() {
    return snapshot.controllers.values();
  }

  /** The action designated by an HTTP request, or {@code null}. */
  public RouteMatch route(String verb, String path) {
    return snapshot.routes.match(verb, path);
  }

  /**
   * Adds (or replaces) a controller served by some verticle. Its routes are served under {@link
   * #CUSTOM_ROUTE_PREFIX}. Refused with an {@link IllegalArgumentException} when the name is a core controller's,
   * and with {@code network.http.duplicate_url} when a route collides with another controller's.
   */
  public synchronized void add(ControllerDefinition definition) {
    String name = definition.name();
    if (name == null || name.isEmpty() || isCore(name)) {
      throw new IllegalArgumentException("Cannot register controller \"" + name + "\": reserved or empty name");
    }
    ControllerDefinition prefixed = prefixed(definition);
    if (prefixed.equals(snapshot.custom.get(name))) {
      return;
    }
    Map<String, ControllerDefinition> custom = new LinkedHashMap<>(snapshot.custom);
    custom.put(name, prefixed);
    snapshot = Snapshot.of(core, custom);
    LOG.debug("Controller {} registered with actions {}", name, prefixed.actions().keySet());
  }

  public synchronized void remove(String name) {
    if (snapshot.custom.containsKey(name)) {
      Map<String, ControllerDefinition> custom = new LinkedHashMap<>(snapshot.custom);
      custom.remove(name);
      snapshot = Snapshot.of(core, custom);
      LOG.debug("Controller {} withdrawn", name);
    }
  }

  /**
   * The {@code server:publicApi} result: for each controller and action, its HTTP routes as the SDK's Http
   * protocol reads them ({@code verb}, {@code url}, and {@code path} as Kuzzle also gives). Deprecated routes are
   * left out so that the SDK picks the current ones. {@code ms} is listed beside {@code memoryStorage}.
   */
  public JsonObject publicApi() {
    return snapshot.publicApi;
  }

  private static ControllerDefinition prefixed(ControllerDefinition definition) {
    Map<String, List<HttpRoute>> actions = new LinkedHashMap<>();
    definition.actions().forEach((action, routes) -> actions.put(action, routes.stream()
      .map(r -> r.path().startsWith(CUSTOM_ROUTE_PREFIX + "/") ? r
        : new HttpRoute(r.verb(), CUSTOM_ROUTE_PREFIX + (r.path().startsWith("/") ? "" : "/") + r.path(),
          r.deprecated()))
      .toList()));
    return new ControllerDefinition(definition.name(), actions);
  }

  private record Snapshot(Map<String, ControllerDefinition> controllers, Map<String, ControllerDefinition> custom,
      RouteTable routes, JsonObject publicApi) {
    static Snapshot of(Map<String, ControllerDefinition> core, Map<String, ControllerDefinition> custom) {
      Map<String, ControllerDefinition> all = new LinkedHashMap<>(core);
      RouteTable routes = new RouteTable();
      core.values().forEach(c -> addRoutes(routes, c));
      for (ControllerDefinition c : custom.values()) {
        addRoutes(routes, c);
        all.put(c.name(), c);
      }
      return new Snapshot(Collections.unmodifiableMap(all), Collections.unmodifiableMap(new LinkedHashMap<>(custom)),
        routes, publicApi(all));
    }

    private static void addRoutes(RouteTable routes, ControllerDefinition controller) {
      controller.actions().forEach((action, list) -> list.forEach(r -> routes.add(r, controller.name(), action)));
    }

    private static JsonObject publicApi(Map<String, ControllerDefinition> controllers) {
      JsonObject api = new JsonObject();
      for (ControllerDefinition controller : controllers.values()) {
        JsonObject actions = new JsonObject();
        controller.actions().forEach((action, routes) -> {
          JsonObject entry = new JsonObject().put("controller", controller.name()).put("action", action);
          JsonArray http = new JsonArray();
          routes.stream().filter(r -> !r.deprecated()).forEach(r -> http.add(new JsonObject()
            .put("verb", r.verb()).put("url", r.path()).put("path", r.path())));
          if (!http.isEmpty()) {
            entry.put("http", http);
          }
          actions.put(action, entry);
        });
        api.put(controller.name(), actions);
      }
      if (api.containsKey("memoryStorage")) {
        api.put("ms", api.getJsonObject("memoryStorage"));
      }
      return api;
    }
  }
}
