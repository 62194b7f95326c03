package io.kvx.security;

import io.kvx.core.config.Units;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The {@code security} section of the configuration: {@code security.authToken} (Kuzzle's legacy name
 * {@code security.jwt} is read too) with {@code algorithm} (HS256 only), {@code expiresIn} ("1h"),
 * {@code gracePeriod} (1000 ms), {@code maxTTL} (-1: none) and {@code secret} (none: a random secret is generated
 * once and kept in the internal storage); {@code security.apiKey.maxTTL}; {@code security.restrictedProfileIds}
 * (["default"]); and KVX's {@code security.password.iterations} (PBKDF2 work factor, 210000).
 */
final class SecurityOptions {

  private final JsonObject token;
  private final JsonObject security;

  SecurityOptions(JsonObject config) {
    security = config.getJsonObject("security", new JsonObject());
    JsonObject legacy = security.getJsonObject("jwt", new JsonObject());
    token = legacy.copy().mergeIn(security.getJsonObject("authToken", new JsonObject()));
    String algorithm = token.getString("algorithm", "HS256");
    if (!"HS256".equals(algorithm)) {
      throw new IllegalArgumentException("security.authToken.algorithm: only HS256 is supported, got " + algorithm);
    }
  }

  long expiresIn() {
    return Units.millis(token.getValue("expiresIn", "1h"));
  }

  long gracePeriod() {
    return Units.millis(token.getValue("gracePeriod", 1000));
  }

  long maxTtl() {
    return Units.millis(token.getValue("maxTTL", -1));
  }

  long apiKeyMaxTtl() {
    return Units.millis(security.getJsonObject("apiKey", new JsonObject()).getValue("maxTTL", -1));
  }

  /** The configured signing secret, or {@code null}. */
  String secret() {
    return token.getString("secret");
  }

  List<String> restrictedProfileIds() {
    return security.getJsonArray("restrictedProfileIds", new JsonArray().add("default")).stream()
      .map(String::valueOf).toList();
  }

  int passwordIterations() {
    return security.getJsonObject("password", new JsonObject())
      .getInteger("iterations", Passwords.DEFAULT_ITERATIONS);
  }
}
