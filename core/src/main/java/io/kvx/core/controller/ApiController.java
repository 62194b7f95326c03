package io.kvx.core.controller;

import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.bus.Codecs;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the actions of one controller on its event-bus address, {@code kvx.api.<name>}. This is how every KVX
 * verticle serves its controllers, and how an application adds one of its own: a controller that is not one of
 * Kuzzle's core controllers is also announced to every node's {@link ControllerRegistry}, which then routes its
 * actions from HTTP (under {@code /_/}), WebSocket, MQTT and the event bus.
 *
 * <pre>{@code
 * ApiController.named("greeting")
 *   .action("hello", call -> Future.succeededFuture(new JsonObject().put("hello", call.request().getString("name"))))
 *   .build()
 *   .serve(vertx);
 * }</pre>
 *
 * <p>Only the declared actions are served. A handler answers with a {@link KuzzleResponse}, or with any other
 * value that becomes the response's {@code result}. A {@link KuzzleError}, thrown or as the failure of the returned
 * future, is answered as such; any other failure is logged and answered as {@code core.fatal.unexpected_error}.
 */
public final class ApiController {

  private static final Logger LOG = LoggerFactory.getLogger(ApiController.class);

  private final ControllerDefinition definition;
  private final Map<String, Action> handlers;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private Vertx vertx;

  private ApiController(ControllerDefinition definition, Map<String, Action> handlers) {
    this.definition = definition;
    this.handlers = Map.copyOf(handlers);
  }

  /** Handles one action. */
  @FunctionalInterface
  public interface Action {
    Future<?> handle(ApiCall call);
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  public ControllerDefinition definition() {
    return definition;
  }

  /**
   * Starts serving on the event bus of {@code vertx}, from the calling verticle's context. The future completes
   * once the consumer is registered everywhere in the cluster and, for an application controller, announced.
   */
  public Future<Void> serve(Vertx on) {
    this.vertx = on;
    Codecs.register(on);
    MessageConsumer<ApiCall> calls = on.eventBus().consumer(Addresses.controller(definition.name()), this::handle);
    consumers.add(calls);
    if (ControllerRegistry.isCore(definition.name())) {
      return calls.completion();
    }
    consumers.add(on.eventBus().consumer(Addresses.REGISTRY_DISCOVER, m -> announce()));
    return calls.completion().andThen(registered -> announce());
  }

  /** Stops serving; an application controller is withdrawn from the registries. */
  public Future<Void> stop() {
    if (vertx != null && !ControllerRegistry.isCore(definition.name())) {
      vertx.eventBus().publish(Addresses.REGISTRY_WITHDRAW, definition.name());
    }
    List<Future<Void>> unregistered = consumers.stream().map(MessageConsumer::unregister).toList();
    consumers.clear();
    return Future.all(unregistered).mapEmpty();
  }

  private void announce() {
    vertx.eventBus().publish(Addresses.REGISTRY_ANNOUNCE, definition.toJson());
  }

  private void handle(Message<ApiCall> message) {
    call(message.body()).onSuccess(message::reply);
  }

  /**
   * Runs one call on the caller's thread, as the event-bus consumer does for each message; the future never fails.
   * A pipeline calls it directly for controllers served by its own verticle, without an event-bus round trip.
   */
  public Future<KuzzleResponse> call(ApiCall call) {
    Action action = handlers.get(call.request().action());
    if (action == null) {
      return Future.succeededFuture(KuzzleResponse.of(KuzzleError.of("api.process.action_not_found",
        definition.name(), call.request().action())));
    }
    Future<?> result;
    try {
      result = action.handle(call);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.transform(done -> Future.succeededFuture(done.succeeded() ? toResponse(done.result())
      : failure(call, done.cause())));
  }

  private static KuzzleResponse toResponse(Object value) {
    return value instanceof KuzzleResponse response ? response : KuzzleResponse.of(value);
  }

  private static KuzzleResponse failure(ApiCall call, Throwable cause) {
    if (cause instanceof KuzzleError error) {
      return KuzzleResponse.of(error);
    }
    LOG.error("Action {} failed unexpectedly", call.request(), cause);
    return KuzzleResponse.of(KuzzleError.of("core.fatal.unexpected_error", String.valueOf(cause.getMessage())));
  }

  /** Declares a controller's actions, their HTTP routes and their handlers. */
  public static final class Builder {

    private final String name;
    private final Map<String, List<HttpRoute>> routes = new LinkedHashMap<>();
    private final Map<String, Action> handlers = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Adds an action with its HTTP routes. A core controller's routes come from Kuzzle's table whatever is given
     * here; an application controller's paths are served under {@code /_/}. No route: reachable from WebSocket,
     * MQTT, {@code POST /_query} and the event bus only.
     */
    public Builder action(String action, List<HttpRoute> httpRoutes, Action handler) {
      routes.put(action, List.copyOf(httpRoutes));
      handlers.put(action, handler);
      return this;
    }

    /** Adds an action with Kuzzle's default route: {@code GET /_/<kebab-controller>/<kebab-action>}. */
    public Builder action(String action, Action handler) {
      return action(action, List.of(new HttpRoute("GET", "/" + kebab(name) + "/" + kebab(action), false)),
        handler);
    }

    /**
     * Declares actions this version does not serve yet: each answers 503 {@code api.process.controller_unavailable}
     * naming {@code controller:action}, so that a client gets a catalogued error rather than a 404 for an action
     * Kuzzle has.
     */
    public Builder unavailable(List<String> actions) {
      for (String action : actions) {
        action(action, call -> Future.failedFuture(KuzzleError.of("api.process.controller_unavailable",
          name + ":" + action)));
      }
      return this;
    }

    public ApiController build() {
      ControllerDefinition core = CoreApi.controllers().get(ControllerRegistry.canonical(name));
      return new ApiController(core != null ? core : new ControllerDefinition(name, routes), handlers);
    }

    private static String kebab(String camel) {
      return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
  }
}
