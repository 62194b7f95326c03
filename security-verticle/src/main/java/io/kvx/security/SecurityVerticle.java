package io.kvx.security;

import io.kvx.core.api.Ids;
import io.kvx.core.api.User;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.bus.Delivery;
import io.kvx.core.cluster.ClusterView;
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
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Serves the {@code auth} and {@code security} controllers and installs the node's security hooks, once the token
 * secret, the roles, the profiles and the API keys are loaded from the internal storage (served by a document
 * verticle, which must be deployed first), and the security actions of the {@code admin} controller that the
 * document verticle forwards ({@link Addresses#SECURITY_ADMIN}). Deploy one instance per node. Also tells
 * connections when their token expires, and drops their subscriptions. In a cluster every node that serves clients
 * runs one: tokens are shared through Redis ({@link TokenStore}), and a change of the security data made by one
 * verticle makes the others read it again ({@link #CHANGES}).
 */
public final class SecurityVerticle extends VerticleBase {

  /**
   * Node-local address where the pipeline hooks ask for a user they have not met yet. Message: the kuid (a
   * string). Reply: the user as {@link io.kvx.core.api.User#toJson()}; failure if there is no such user.
   */
  static final String USER_LOOKUP = "__kvx.security.user";

  /**
   * Where the security verticles of a cluster say that they changed the security data. Message: the id of the
   * verticle instance that wrote. The others read roles, profiles and API keys again.
   */
  static final String CHANGES = "__kvx.security.changed";

  private static final long SWEEP_MS = 1000;
  /** Changes come in bursts (loadSecurities, resetSecurity): one reload follows the last of them by this delay. */
  private static final long RELOAD_DELAY_MS = 50;
  private static final String SERVER_CHANNEL = "kuzzle:notification:server";

  private static final Logger LOG = LoggerFactory.getLogger(SecurityVerticle.class);

  private final KvxNode node;
  private final SecurityState state = new SecurityState();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<ApiController> controllers = new ArrayList<>();
  private long sweeper = -1;
  private long reload = -1;
  private Redis redis;

  public SecurityVerticle(KvxNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    SecurityOptions options = new SecurityOptions(node.config());
    if (options.redisUrl() != null) {
      redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(options.redisUrl()));
      state.tokenStore = TokenStore.shared(state.tokens, RedisAPI.api(redis), vertx.eventBus(), node.id(),
        () -> node.cluster().nodes().stream().filter(SecurityVerticle::cachesTokens).map(ClusterView.Node::id)
          .toList());
      consumers.add(state.tokenStore.listen());
    }
    String instance = Ids.uuid();
    InternalData data = new InternalData(vertx.eventBus(), () -> vertx.eventBus().publish(CHANGES, instance));
    SecurityService service = new SecurityService(vertx, state, data, options);
    consumers.add(vertx.eventBus().<String>consumer(CHANGES, message -> {
      if (!instance.equals(message.body())) {
        reloadSoon(service);
      }
    }));
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

  /** Whether a node runs a security verticle, hence caches tokens: it serves clients or the security controllers. */
  private static boolean cachesTokens(ClusterView.Node node) {
    return node.roles().contains("security") || node.roles().contains("gateway") || node.roles().contains("mqtt");
  }

  private void reloadSoon(SecurityService service) {
    if (reload >= 0) {
      vertx.cancelTimer(reload);
    }
    reload = vertx.setTimer(RELOAD_DELAY_MS, fired -> {
      reload = -1;
      service.reload().onFailure(failure -> LOG.warn("Cannot read the security data changed by another node; this "
        + "node keeps its previous roles and profiles until the next change: {}", failure.getMessage()));
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
    return Future.join(stopped).eventually(() -> {
      if (redis != null) {
        redis.close();
      }
      return Future.succeededFuture();
    });
  }
}
