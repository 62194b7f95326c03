package io.kvx.security;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.util.Base64;
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
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Base64.getEncoder().encodeToString(secret)))
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
    JWTOptions options = new JWTOptions().setAlgorithm("HS256");
    if (ttlMillis >= 0) {
      // JWT times are seconds; the exact expiry (milliseconds) is kept by the token registry.
      options.setExpiresInSeconds((int) Math.max(1, Math.min(Integer.MAX_VALUE, (ttlMillis + 999) / 1000)));
    }
    String token = jwt.generateToken(new JsonObject().put("_id", kuid).put("jti", UUID.randomUUID().toString()),
      options);
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
      JsonObject principal = done.result().principal();
      Object kuid = principal.getValue("_id");
      if (!(kuid instanceof String id)) {
        return Future.failedFuture(KuzzleError.of("security.token.invalid"));
      }
      Long exp = principal.getLong("exp");
      return Future.succeededFuture(new Claims(id, exp == null ? -1 : exp * 1000, apiKey));
    });
  }
}
