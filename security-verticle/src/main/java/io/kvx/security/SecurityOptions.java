package io.kvx.security;

import io.kvx.core.config.Units;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code security} section of the configuration: {@code security.authToken} (Kuzzle's legacy name
 * {@code security.jwt} is read too) with {@code algorithm} (HS256 only), {@code expiresIn} ("1h"),
 * {@code gracePeriod} (1000 ms), {@code maxTTL} (-1: none) and {@code secret} (none: a random secret is generated
 * once and kept in the internal storage); {@code security.apiKey.maxTTL}; {@code security.restrictedProfileIds}
 * (["default"]); and KVX's {@code security.password.iterations} (PBKDF2 work factor, 210000). Also Kuzzle's
 * {@code services.internalCache}: with {@code node.host} set ({@code node.port} 6379, {@code database} 0, optional
 * {@code password}), auth tokens are shared with the other nodes of a cluster through that Redis server.
 */
final class SecurityOptions {

  private final JsonObject token;
  private final JsonObject security;
  private final JsonObject internalCache;

  SecurityOptions(JsonObject config) {
    security = config.getJsonObject("security", new JsonObject());
    internalCache = config.getJsonObject("services", new JsonObject()).getJsonObject("internalCache",
      new JsonObject());
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

  /** The Redis server that shares tokens between nodes, as a {@code redis://} URL, or {@code null} for none. */
  String redisUrl() {
    JsonObject node = internalCache.getJsonObject("node", new JsonObject());
    String host = node.getString("host");
    if (host == null || host.isBlank()) {
      return null;
    }
    String password = internalCache.getString("password");
    String auth = password == null ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
    return "redis://" + auth + host + ":" + node.getInteger("port", 6379) + "/"
      + internalCache.getInteger("database", 0);
  }
}
