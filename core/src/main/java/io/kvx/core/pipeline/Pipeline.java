package io.kvx.core.pipeline;

import io.kvx.core.api.Ids;
import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.bus.Codecs;
import io.kvx.core.controller.ApiController;
import io.kvx.core.controller.ControllerDefinition;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Runs a request through Kuzzle's steps, in Kuzzle's order, so that the same error wins whatever the protocol:
 * <ol>
 *   <li>controller and action present, reserved fields well typed;</li>
 *   <li>{@code targets} exclusive of {@code index} and {@code collection};</li>
 *   <li>the connection's Origin allowed;</li>
 *   <li>a throttle slot (503 {@code api.process.overloaded} when the buffer is full);</li>
 *   <li>authentication, rights and rate limit ({@link PipelineHooks});</li>
 *   <li>controller and action known (404);</li>
 *   <li>SDK version;</li>
 *   <li>dispatch to {@code kvx.api.<controller>}.</li>
 * </ol>
 * The returned future never fails: errors come back as error responses. One instance per gateway verticle; the node
 * state it reads is shared and thread-safe.
 */
public final class Pipeline {

  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final Vertx vertx;
  private final KvxNode node;
  private final DeliveryOptions delivery;
  private final Map<String, ApiController> local = new HashMap<>();

  public Pipeline(Vertx vertx, KvxNode node) {
    this.vertx = vertx;
    this.node = node;
    this.delivery = new DeliveryOptions().setSendTimeout(node.options().limits().requestTimeout());
    Codecs.register(vertx);
  }

  public KvxNode node() {
    return node;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Dispatches the actions of {@code controller} by a direct call instead of the event bus. Only for a controller
   * served by the verticle that owns this pipeline (same event loop), such as each gateway's {@code server}
   * controller. Local calls are not bound by {@code limits.requestTimeout}.
   */
  public void serveLocally(ApiController controller) {
    // Limitation: a local call that never answers holds its throttle slot; wrapping it in a timer of
    // limits.requestTimeout would bound it, at the cost of a timer per request on the hottest path.
    local.put(controller.definition().name(), controller);
  }

  /** Executes {@code request}; to be called on the caller's event loop, which the answer comes back on. */
  public Future<KuzzleResponse> execute(KuzzleRequest request, RequestContext context) {
    try {
      admit(request, context);
    } catch (KuzzleError e) {
      return Future.succeededFuture(KuzzleResponse.of(e));
    }
    Throttle throttle = node.throttle();
    Future<Void> slot = throttle.acquire();
    if (slot.failed()) {
      return Future.succeededFuture(KuzzleResponse.of((KuzzleError) slot.cause()));
    }
    Future<KuzzleResponse> run = slot.succeeded() ? run(request, context)
      : slot.compose(granted -> run(request, context));
    return run.andThen(done -> throttle.release()).recover(Pipeline::toErrorResponse);
  }

  /** The steps after the throttle; a step that throws fails the returned future. */
  private Future<KuzzleResponse> run(KuzzleRequest request, RequestContext context) {
    try {
      PipelineHooks hooks = node.hooks();
      if (hooks == PipelineHooks.OPEN) {
        return dispatch(request, context);
      }
      return secure(hooks, request, context);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void admit(KuzzleRequest request, RequestContext context) {
    request.check();
    if (request.has("targets") && (request.has("index") || request.has("collection"))) {
      throw KuzzleError.of("api.assert.mutually_exclusive", "index, collection", "targets");
    }
    if (!node.options().isOriginAllowed(context.origin())) {
      throw KuzzleError.of("api.process.unauthorized_origin", context.origin());
    }
    if (node.state() == NodeState.SHUTTING_DOWN) {
      throw KuzzleError.of("api.process.shutting_down");
    }
  }

  /**
   * Authentication, rights and rate limit, then dispatch. Hooks usually answer from memory with completed futures;
   * those are followed in place, without chaining futures, and only a step still pending goes asynchronous.
   */
  private Future<KuzzleResponse> secure(PipelineHooks hooks, KuzzleRequest request, RequestContext context) {
    Future<User> authenticated = hooks.authenticate(request, context);
    if (!authenticated.isComplete()) {
      return authenticated.compose(user -> authorize(hooks, request, as(context, user)));
    }
    if (authenticated.failed()) {
      return Future.failedFuture(authenticated.cause());
    }
    return authorize(hooks, request, as(context, authenticated.result()));
  }

  private Future<KuzzleResponse> authorize(PipelineHooks hooks, KuzzleRequest request, RequestContext context) {
    Future<Void> allowed = hooks.authorize(request, context);
    if (!allowed.isComplete()) {
      return allowed.compose(ok -> limit(hooks, request, context));
    }
    return allowed.failed() ? Future.failedFuture(allowed.cause()) : limit(hooks, request, context);
  }

  private Future<KuzzleResponse> limit(PipelineHooks hooks, KuzzleRequest request, RequestContext context) {
    Future<Void> admitted = hooks.rateLimit(request, context);
    if (!admitted.isComplete()) {
      return admitted.compose(ok -> dispatch(request, context));
    }
    return admitted.failed() ? Future.failedFuture(admitted.cause()) : dispatch(request, context);
  }

  /** The context with the authenticated user; the same context when the user does not change. */
  private static RequestContext as(RequestContext context, User user) {
    return user.equals(context.user()) ? context : context.withUser(user);
  }

  private Future<KuzzleResponse> dispatch(KuzzleRequest request, RequestContext context) {
    String controller = ControllerRegistry.canonical(request.controller());
    ControllerDefinition definition = node.registry().controller(controller);
    if (definition == null) {
      throw KuzzleError.of("api.process.controller_not_found", request.controller());
    }
    if (!definition.hasAction(request.action())) {
      throw KuzzleError.of("api.process.action_not_found", request.controller(), request.action());
    }
    if (node.options().strictSdkVersion()) {
      SdkVersionCheck.check(request);
    }
    ApiController here = local.get(controller);
    if (here != null) {
      return here.call(new ApiCall(request, context));
    }
    return vertx.eventBus().<KuzzleResponse>request(Addresses.controller(controller), new ApiCall(request, context),
        delivery)
      .map(reply -> reply.body())
      .recover(failure -> Future.failedFuture(dispatchError(failure, request)));
  }

  private static Future<KuzzleResponse> toErrorResponse(Throwable failure) {
    if (failure instanceof KuzzleError error) {
      return Future.succeededFuture(KuzzleResponse.of(error));
    }
    LOG.error("Request failed unexpectedly", failure);
    return Future.succeededFuture(KuzzleResponse.of(KuzzleError.of("core.fatal.unexpected_error",
      String.valueOf(failure.getMessage()))));
  }

  /** The Kuzzle error a failed event-bus request to a controller stands for. */
  private KuzzleError dispatchError(Throwable failure, KuzzleRequest request) {
    if (!(failure instanceof ReplyException reply)) {
      return KuzzleError.fromFailure(failure);
    }
    return switch (reply.failureType()) {
      case NO_HANDLERS -> KuzzleError.of("api.process.controller_unavailable", request.controller());
      case TIMEOUT -> KuzzleError.of("api.process.timeout", request.controller(), request.action(),
        delivery.getSendTimeout());
      default -> KuzzleError.fromFailure(reply);
    };
  }

  /**
   * Serves {@link Addresses#API}: envelopes sent on the event bus run through this pipeline as protocol
   * {@code internal}, and the reply is the response envelope.
   */
  public MessageConsumer<JsonObject> serveEventBus() {
    return vertx.eventBus().consumer(Addresses.API, message -> {
      JsonObject envelope = message.body() == null ? new JsonObject() : message.body();
      KuzzleRequest request = new KuzzleRequest(envelope, Protocol.INTERNAL);
      RequestContext context = new RequestContext(Ids.uuid(), Protocol.INTERNAL, null, null, User.ANONYMOUS);
      execute(request, context).onSuccess(response -> message.reply(response.toEnvelope(request, node.id(),
        null)));
    });
  }
}
