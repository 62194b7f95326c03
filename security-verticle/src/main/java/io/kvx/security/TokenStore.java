package io.kvx.security;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The auth tokens every change goes through: this node's {@link TokenRegistry} alone, or, when a Redis server is
 * configured, the registry as a cache of the tokens kept in Redis, which every node of a cluster shares. A node that
 * meets a token it did not issue finds it in Redis; a revocation is written to Redis, then sent to every other node
 * ({@link #INVALIDATIONS}) and answered once they all dropped their cached copy, so that the token is refused
 * everywhere as soon as the revoking request is answered.
 *
 * <p>In Redis, a token is the key {@code kvx:token:<SHA-256 of the token>} (the token itself, a bearer secret, is
 * never stored), holding {@code {kuid, expiresAt, refreshed, singleUse}} and expiring with the token; the set
 * {@code kvx:user-tokens:<kuid>} lists a user's token keys.
 */
final class TokenStore {

  /**
   * Prefix of the addresses where nodes tell each other to drop cached tokens ({@code <prefix><node id>}):
   * {@code {token}}, {@code {kuid}} or {@code {all: true}}; the reply says it is done.
   */
  static final String INVALIDATIONS = "__kvx.security.tokens.";

  private static final long INVALIDATION_TIMEOUT_MS = 2000;

  private static final String TOKEN_PREFIX = "kvx:token:";
  private static final String USER_PREFIX = "kvx:user-tokens:";
  private static final int SCAN_COUNT = 500;

  private final TokenRegistry local;
  private final RedisAPI redis;
  private final EventBus bus;
  private final String self;
  private final Supplier<List<String>> peers;

  private TokenStore(TokenRegistry local, RedisAPI redis, EventBus bus, String self, Supplier<List<String>> peers) {
    this.local = local;
    this.redis = redis;
    this.bus = bus;
    this.self = self;
    this.peers = peers;
  }

  /** Tokens valid on this node only. */
  static TokenStore local(TokenRegistry registry) {
    return new TokenStore(registry, null, null, null, List::of);
  }

  /**
   * Tokens shared through {@code redis}, this node being {@code self} and the other nodes that cache tokens
   * {@code peers} (node ids), told of revocations on {@code bus}.
   */
  static TokenStore shared(TokenRegistry registry, RedisAPI redis, EventBus bus, String self,
      Supplier<List<String>> peers) {
    return new TokenStore(registry, redis, bus, self, peers);
  }

  boolean isShared() {
    return redis != null;
  }

  /** Applies the invalidations the other nodes send. */
  MessageConsumer<JsonObject> listen() {
    return bus.consumer(INVALIDATIONS + self, message -> {
      JsonObject body = message.body();
      if (body.getBoolean("all", false)) {
        local.clear();
      } else if (body.containsKey("kuid")) {
        local.removeUser(body.getString("kuid"));
      } else {
        local.remove(body.getString("token"));
      }
      message.reply(null);
    });
  }

  /** Registers a token just signed; with Redis, completes once every node can find it. */
  Future<Void> issued(String jwt, String kuid, long expiresAt, boolean singleUse) {
    local.add(jwt, kuid, expiresAt, singleUse);
    if (redis == null) {
      return Future.succeededFuture();
    }
    return write(jwt, new TokenRegistry.Session(jwt, kuid, expiresAt, false, null, singleUse))
      .compose(written -> redis.sadd(List.of(USER_PREFIX + kuid, key(jwt))))
      .transform(done -> done.succeeded() ? Future.<Void>succeededFuture() : failed(done.cause(), "write_failed"));
  }

  private Future<Response> write(String jwt, TokenRegistry.Session session) {
    List<String> args = new ArrayList<>(List.of(key(jwt), new JsonObject()
      .put("kuid", session.kuid())
      .put("expiresAt", session.expiresAt())
      .put("refreshed", session.refreshed())
      .put("singleUse", session.singleUse())
      .encode()));
    if (session.expiresAt() >= 0) {
      args.add("PXAT");
      args.add(String.valueOf(session.expiresAt()));
    }
    return redis.set(args);
  }

  /** The session of a token: this node's, else (with Redis) the shared one, then cached here; null if unknown. */
  Future<TokenRegistry.Session> find(String jwt) {
    TokenRegistry.Session known = local.get(jwt);
    if (known != null || redis == null) {
      return Future.succeededFuture(known);
    }
    return redis.get(key(jwt)).transform(done -> {
      if (done.failed()) {
        return failed(done.cause(), "read_failed");
      }
      if (done.result() == null) {
        return Future.succeededFuture(null);
      }
      JsonObject stored = new JsonObject(done.result().toString());
      return Future.succeededFuture(local.restore(jwt, stored.getString("kuid"), stored.getLong("expiresAt"),
        stored.getBoolean("refreshed"), stored.getBoolean("singleUse")));
    });
  }

  /** Uses a single-use token: true for the first use in the whole cluster, false after. */
  Future<Boolean> consume(String jwt) {
    boolean first = local.remove(jwt) != null;
    if (!first || redis == null) {
      return Future.succeededFuture(first);
    }
    return redis.getdel(key(jwt)).transform(done -> done.succeeded() ? Future.succeededFuture(done.result() != null)
      : failed(done.cause(), "write_failed"));
  }

  /** Revokes one token everywhere. */
  Future<Void> revoke(String jwt) {
    TokenRegistry.Session session = local.remove(jwt);
    if (redis == null) {
      return Future.succeededFuture();
    }
    List<Future<?>> writes = new ArrayList<>();
    writes.add(redis.del(List.of(key(jwt))));
    if (session != null) {
      writes.add(redis.srem(List.of(USER_PREFIX + session.kuid(), key(jwt))));
    }
    return published(Future.all(writes), new JsonObject().put("token", jwt));
  }

  /** Revokes every token of a user everywhere. */
  Future<Void> revokeUser(String kuid) {
    local.removeUser(kuid);
    if (redis == null) {
      return Future.succeededFuture();
    }
    String userKey = USER_PREFIX + kuid;
    Future<?> deleted = redis.smembers(userKey).compose(members -> {
      List<String> keys = new ArrayList<>();
      members.forEach(member -> keys.add(member.toString()));
      keys.add(userKey);
      return redis.del(keys);
    });
    return published(deleted, new JsonObject().put("kuid", kuid));
  }

  /**
   * Marks a token as refreshed everywhere: valid {@code graceMillis} more at most, and never refreshed again. False
   * if it was already refreshed or is unknown.
   */
  Future<Boolean> refreshed(String jwt, long graceMillis, long now) {
    if (!local.refreshed(jwt, graceMillis, now)) {
      return Future.succeededFuture(false);
    }
    TokenRegistry.Session session = local.get(jwt);
    if (redis == null || session == null) {
      return Future.succeededFuture(true);
    }
    return published(write(jwt, session), new JsonObject().put("token", jwt)).map(true);
  }

  /** Forgets every token everywhere (the security data was reset). */
  Future<Void> clear() {
    local.clear();
    if (redis == null) {
      return Future.succeededFuture();
    }
    Future<Void> cleared = deleteMatching(TOKEN_PREFIX + "*", "0")
      .compose(tokens -> deleteMatching(USER_PREFIX + "*", "0"));
    return published(cleared, new JsonObject().put("all", true));
  }

  private Future<Void> deleteMatching(String pattern, String cursor) {
    return redis.scan(List.of(cursor, "MATCH", pattern, "COUNT", String.valueOf(SCAN_COUNT))).compose(page -> {
      String next = page.get(0).toString();
      List<String> keys = new ArrayList<>();
      page.get(1).forEach(key -> keys.add(key.toString()));
      Future<?> deleted = keys.isEmpty() ? Future.succeededFuture() : redis.del(keys);
      return deleted.compose(done -> next.equals("0") ? Future.<Void>succeededFuture() : deleteMatching(pattern, next));
    });
  }

  /**
   * Once {@code writes} are done, tells every other node to drop what {@code invalidation} names, and completes when
   * they all did (a node that does not answer within 2 s is dying, and is not waited for).
   */
  private Future<Void> published(Future<?> writes, JsonObject invalidation) {
    return writes.transform(done -> {
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(INVALIDATION_TIMEOUT_MS);
      List<Future<?>> told = new ArrayList<>();
      for (String peer : peers.get()) {
        if (!peer.equals(self)) {
          told.add(bus.request(INVALIDATIONS + peer, invalidation, options));
        }
      }
      return Future.join(told).transform(all -> done.succeeded() ? Future.<Void>succeededFuture()
        : failed(done.cause(), "write_failed"));
    });
  }

  private static <T> Future<T> failed(Throwable cause, String id) {
    if (cause instanceof ConnectException || String.valueOf(cause.getMessage()).contains("Connection refused")) {
      return Future.failedFuture(KuzzleError.of("services.cache.not_connected"));
    }
    return Future.failedFuture(KuzzleError.of("services.cache." + id, String.valueOf(cause.getMessage())));
  }

  private static String key(String jwt) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(jwt.getBytes(StandardCharsets.UTF_8));
      return TOKEN_PREFIX + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
