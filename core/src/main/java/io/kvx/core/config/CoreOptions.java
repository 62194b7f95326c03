package io.kvx.core.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the request pipeline reads from the configuration: the {@code limits} section, the Origin allow-list and
 * cookie switch of the {@code http} section, and {@code server.strictSdkVersion}.
 */
public final class CoreOptions {

  public static final String DEFAULT_ACCESS_CONTROL_ALLOW_ORIGIN = "*";
  public static final boolean DEFAULT_COOKIE_AUTHENTICATION = true;
  public static final boolean DEFAULT_STRICT_SDK_VERSION = true;

  private final LimitsOptions limits;
  private final List<String> allowedOrigins;
  private final List<Pattern> allowedOriginPatterns;
  private final boolean cookieAuthentication;
  private final boolean strictSdkVersion;

  public CoreOptions() {
    this(new JsonObject());
  }

  /** Reads the whole configuration tree; missing keys take their default. */
  public CoreOptions(JsonObject config) {
    this.limits = new LimitsOptions(ConfigLoader.section(config, "limits"));
    JsonObject http = ConfigLoader.section(config, "http");
    this.allowedOrigins = origins(http.getValue("accessControlAllowOrigin", DEFAULT_ACCESS_CONTROL_ALLOW_ORIGIN));
    this.allowedOriginPatterns = allowedOrigins.stream().filter(o -> o.startsWith("/") && o.length() > 2
      && o.endsWith("/")).map(o -> Pattern.compile(o.substring(1, o.length() - 1))).toList();
    this.cookieAuthentication = http.getBoolean("cookieAuthentication", DEFAULT_COOKIE_AUTHENTICATION);
    this.strictSdkVersion = ConfigLoader.section(config, "server").getBoolean("strictSdkVersion",
      DEFAULT_STRICT_SDK_VERSION);
  }

  private static List<String> origins(Object value) {
    List<String> origins = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(o -> origins.add(String.valueOf(o).trim()));
    } else {
      for (String o : String.valueOf(value).split(",")) {
        origins.add(o.trim());
      }
    }
    origins.removeIf(String::isEmpty);
    return List.copyOf(origins);
  }

  public LimitsOptions limits() {
    return limits;
  }

  public boolean cookieAuthentication() {
    return cookieAuthentication;
  }

  public boolean strictSdkVersion() {
    return strictSdkVersion;
  }

  /**
   * Whether a connection with this {@code Origin} header may use the API: always without the header, else when the
   * allow-list holds {@code *}, the origin itself, or a {@code /regexp/} it matches.
   */
  public boolean isOriginAllowed(String origin) {
    if (origin == null || allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
      return true;
    }
    for (Pattern p : allowedOriginPatterns) {
      if (p.matcher(origin).matches()) {
        return true;
      }
    }
    return false;
  }

  /** This module's part of the configuration tree, defaults included. */
  public JsonObject toJson() {
    return new JsonObject()
      .put("limits", limits.toJson())
      .put("http", new JsonObject()
        .put("accessControlAllowOrigin", String.join(",", allowedOrigins))
        .put("cookieAuthentication", cookieAuthentication))
      .put("server", new JsonObject().put("strictSdkVersion", strictSdkVersion));
  }
}
