package io.kvx.security;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.Locale;
import java.util.UUID;

/**
 * Signs and verifies Kuzzle's tokens: three-part JWTs, HS256, with the claims the SDK decodes ({@code _id} for the
 * kuid, {@code iat}, {@code exp} unless the token never expires) and a random {@code jti} so that two tokens are
 * never equal. Auth tokens travel prefixed {@code kauth-}, API keys {@code kapikey-}. A token signed with another
 * key or algorithm ({@code alg: none} included), malformed or past its {@code exp} fails verification.
 */
final class Tokens {

  static final String AUTH_PREFIX = "kauth-";
  static final String API_KEY_PREFIX = "kapikey-";

  private final JWTAuth jwt;

  Tokens(Vertx vertx, byte[] secret) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      // The raw secret is the HMAC key, as for Kuzzle: a secret configured on both signs the same tokens.
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(secret)))
      .setJWTOptions(new JWTOptions().setAlgorithm("HS256").setLeeway(0)));
  }

  /** What a verified token says. */
  record Claims(String kuid, long expiresAt, boolean apiKey) {
  }

  /**
   * A new token for {@code kuid}, prefixed, expiring {@code ttlMillis} from now ({@code -1}: never).
   *
   * @return the prefixed token
   */
  String sign(String kuid, long ttlMillis, boolean apiKey) {
    JsonObject claims = new JsonObject().put("_id", kuid).put("jti", UUID.randomUUID().toString());
    if (ttlMillis >= 0) {
      // JWT times are seconds: rounded up, so that the signature outlives the exact expiry (milliseconds) that the
      // token registry enforces, and a client decoding exp never sees its token die before it says.
      claims.put("exp", (System.currentTimeMillis() + ttlMillis + 999) / 1000);
    }
    String token = jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256"));
    return (apiKey ? API_KEY_PREFIX : AUTH_PREFIX) + token;
  }

  /**
   * Verifies a token as a client sends it (prefixed or not). Fails with 401 {@code security.token.expired} past its
   * expiry, 401 {@code security.token.invalid} otherwise.
   */
  Future<Claims> verify(String token) {
    boolean apiKey = token.startsWith(API_KEY_PREFIX);
    String raw = apiKey ? token.substring(API_KEY_PREFIX.length())
      : token.startsWith(AUTH_PREFIX) ? token.substring(AUTH_PREFIX.length()) : token;
    return jwt.authenticate(new TokenCredentials(raw)).transform(done -> {
      if (done.failed()) {
        String message = String.valueOf(done.cause().getMessage()).toLowerCase(Locale.ROOT);
        return Future.failedFuture(KuzzleError.of(message.contains("expired") ? "security.token.expired"
          : "security.token.invalid"));
      }
      Object kuid = done.result().principal().getValue("_id");
      if (!(kuid instanceof String id)) {
        return Future.failedFuture(KuzzleError.of("security.token.invalid"));
      }
      // Vert.x keeps the registered time claims among the user's attributes, not in its principal.
      Long exp = done.result().attributes().getLong("exp");
      return Future.succeededFuture(new Claims(id, exp == null ? -1 : exp * 1000, apiKey));
    });
  }
}
