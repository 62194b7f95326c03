package io.kvx.security;

import io.kvx.core.api.User;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.bus.Delivery;
import io.kvx.core.config.CoreOptions;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.PipelineHooks;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Serves the {@code auth} and {@code security} controllers and installs the node's security hooks, once the token
 * secret, the roles, the profiles and the API keys are loaded from the internal storage (served by a document
 * verticle, which must be deployed first), and the security actions of the {@code admin} controller that the
 * document verticle forwards ({@link Addresses#SECURITY_ADMIN}). Deploy one instance per node. Also tells
 * connections when their token expires, and drops their subscriptions.
 */
public final class SecurityVerticle extends VerticleBase {

  /**
   * Node-local address where the pipeline hooks ask for a user they have not met yet. Message: the kuid (a
   * string). Reply: the user as {@link io.kvx.core.api.User#toJson()}; failure if there is no such user.
   */
  static final String USER_LOOKUP = "__kvx.security.user";

  private static final long SWEEP_MS = 1000;
  private static final String SERVER_CHANNEL = "kuzzle:notification:server";

  private final KvxNode node;
  private final SecurityState state = new SecurityState();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<ApiController> controllers = new ArrayList<>();
  private long sweeper = -1;

  public SecurityVerticle(KvxNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    SecurityOptions options = new SecurityOptions(node.config());
    SecurityService service = new SecurityService(vertx, state, new InternalData(vertx.eventBus()), options);
    SecurityHooks hooks = new SecurityHooks(vertx, state);
    AuthController auth = new AuthController(service, hooks,
      new CoreOptions(node.config()).limits().loginsPerSecond());
    controllers.add(auth.controller());
    SecurityController security = new SecurityController(service, hooks, node.registry());
    controllers.add(security.controller());
    ApiController admin = new SecurityAdmin(service, security).actions();
    consumers.add(vertx.eventBus().<ApiCall>consumer(Addresses.SECURITY_ADMIN, message -> admin
      .call(message.body()).onSuccess(message::reply)));
    consumers.add(vertx.eventBus().<String>localConsumer(USER_LOOKUP, message -> service.user(message.body())
      .onSuccess(user -> message.reply(user.toUser().toJson()))
      .onFailure(failure -> message.fail(401, KuzzleError.fromFailure(failure).toJson().encode()))));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.RIGHTS_CHECK, message -> {
      List<String> profileIds = User.fromJson(message.body().getJsonObject("user")).profileIds();
      JsonArray allowed = new JsonArray();
      message.body().getJsonArray("requests").forEach(request -> allowed.add(hooks.permitted(profileIds,
        (JsonObject) request)));
      message.reply(new JsonObject().put("allowed", allowed));
    }));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.ADMIN_EXISTS, message -> service.adminExists()
      .onSuccess(exists -> message.reply(new JsonObject().put("exists", exists)))
      .onFailure(failure -> message.fail(500, KuzzleError.fromFailure(failure).toJson().encode()))));
    return service.load()
      .compose(loaded -> Future.all(consumers.stream().map(MessageConsumer::completion).toList()))
      .compose(registered -> Future.all(controllers.stream().map(c -> c.serve(vertx)).toList()))
      .onSuccess(served -> {
        node.hooks(hooks);
        sweeper = vertx.setPeriodic(SWEEP_MS, tick -> {
          state.tokens.sweep(System.currentTimeMillis(), this::expired);
          hooks.sweepRates();
          auth.sweepLogins();
        });
      });
  }

  /**
   * Tells every connection that used an expired token ({@code TokenExpired} on Kuzzle's server channel) and drops
   * its subscriptions; the connection stays open.
   */
  private void expired(TokenRegistry.Session session) {
    session.connections().forEach((connectionId, gateway) -> {
      vertx.eventBus().send(gateway, Delivery.to(connectionId, new JsonObject()
        .put("status", 200)
        .put("type", "TokenExpired")
        .put("message", "Authentication Token Expired")
        .put("info", "This is an automated server notification")
        .put("node", node.id())
        .put("room", SERVER_CHANNEL)));
      vertx.eventBus().publish(Addresses.SUBSCRIPTIONS_DROP, new JsonObject().put("connectionId", connectionId));
    });
  }

  @Override
  public Future<?> stop() {
    node.hooks(PipelineHooks.OPEN);
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
    }
    List<Future<?>> stopped = new ArrayList<>();
    controllers.forEach(controller -> stopped.add(controller.stop()));
    consumers.forEach(consumer -> stopped.add(consumer.unregister()));
    return Future.join(stopped);
  }
}
