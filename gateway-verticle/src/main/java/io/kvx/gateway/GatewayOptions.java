package io.kvx.gateway;

import io.kvx.core.config.ConfigLoader;
import io.kvx.core.config.Units;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The {@code server} section as the gateway reads it: listener, request size, and the {@code http} and
 * {@code websocket} protocol settings, with Kuzzle's defaults.
 */
public final class GatewayOptions {

  public static final int DEFAULT_PORT = 7512;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final long DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
  public static final boolean DEFAULT_HTTP_ENABLED = true;
  public static final boolean DEFAULT_ALLOW_COMPRESSION = true;
  public static final int DEFAULT_MAX_ENCODING_LAYERS = 3;
  public static final long DEFAULT_MAX_FORM_FILE_SIZE = 1024 * 1024;
  public static final boolean DEFAULT_WEBSOCKET_ENABLED = true;
  /** Milliseconds without inbound traffic after which a WebSocket is closed; values under 1000 mean the default. */
  public static final long DEFAULT_IDLE_TIMEOUT = 60_000;
  public static final int DEFAULT_WEBSOCKET_RATE_LIMIT = 0;
  public static final boolean DEFAULT_WEBSOCKET_COMPRESSION = false;
  /** KVX addition: bytes a WebSocket may have queued for writing before it is closed as too slow (1011). */
  public static final int DEFAULT_MAX_BACKPRESSURE = 256 * 1024;
  /** KVX addition: gateway instances sharing the port; 0 means one per processor. */
  public static final int DEFAULT_INSTANCES = 0;

  private final JsonObject server;
  private final JsonObject http;
  private final JsonObject websocket;

  public GatewayOptions() {
    this(new JsonObject());
  }

  /** Reads the whole configuration tree; missing keys take their default. */
  public GatewayOptions(JsonObject config) {
    JsonObject section = ConfigLoader.section(config, "server");
    JsonObject protocols = ConfigLoader.section(section, "protocols");
    JsonObject httpIn = ConfigLoader.section(protocols, "http");
    JsonObject wsIn = ConfigLoader.section(protocols, "websocket");
    long idle = Units.millis(wsIn.getValue("idleTimeout", DEFAULT_IDLE_TIMEOUT));
    this.server = new JsonObject()
      .put("port", section.getInteger("port", DEFAULT_PORT))
      .put("host", section.getString("host", DEFAULT_HOST))
      .put("maxRequestSize", Units.bytes(section.getValue("maxRequestSize", DEFAULT_MAX_REQUEST_SIZE)))
      .put("instances", section.getInteger("instances", DEFAULT_INSTANCES));
    this.http = new JsonObject()
      .put("enabled", httpIn.getBoolean("enabled", DEFAULT_HTTP_ENABLED))
      .put("allowCompression", httpIn.getBoolean("allowCompression", DEFAULT_ALLOW_COMPRESSION))
      .put("maxEncodingLayers", httpIn.getInteger("maxEncodingLayers", DEFAULT_MAX_ENCODING_LAYERS))
      .put("maxFormFileSize", Units.bytes(httpIn.getValue("maxFormFileSize", DEFAULT_MAX_FORM_FILE_SIZE)))
      .put("additionalContentTypes", httpIn.getJsonArray("additionalContentTypes", new JsonArray()));
    this.websocket = new JsonObject()
      .put("enabled", wsIn.getBoolean("enabled", DEFAULT_WEBSOCKET_ENABLED))
      .put("idleTimeout", idle < 1000 ? DEFAULT_IDLE_TIMEOUT : idle)
      .put("compression", wsIn.getBoolean("compression", DEFAULT_WEBSOCKET_COMPRESSION))
      .put("rateLimit", wsIn.getInteger("rateLimit", DEFAULT_WEBSOCKET_RATE_LIMIT))
      .put("realtimeNotifications", wsIn.getBoolean("realtimeNotifications", true))
      .put("sendPingsAutomatically", wsIn.getBoolean("sendPingsAutomatically", false))
      .put("resetIdleTimeoutOnSend", wsIn.getBoolean("resetIdleTimeoutOnSend", false))
      .put("maxBackpressure", (int) Units.bytes(wsIn.getValue("maxBackpressure", DEFAULT_MAX_BACKPRESSURE)));
  }

  public int port() {
    return server.getInteger("port");
  }

  public String host() {
    return server.getString("host");
  }

  /** The largest HTTP body and WebSocket frame accepted, in bytes. */
  public int maxRequestSize() {
    return (int) Math.min(Integer.MAX_VALUE, server.getLong("maxRequestSize"));
  }

  /** Gateway instances to deploy. */
  public int instances() {
    int configured = server.getInteger("instances");
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  public boolean httpEnabled() {
    return http.getBoolean("enabled");
  }

  public boolean allowCompression() {
    return http.getBoolean("allowCompression");
  }

  public int maxEncodingLayers() {
    return http.getInteger("maxEncodingLayers");
  }

  public long maxFormFileSize() {
    return http.getLong("maxFormFileSize");
  }

  /** Content types accepted beside JSON, urlencoded and multipart forms; their bodies are read as JSON. */
  public List<String> additionalContentTypes() {
    return http.getJsonArray("additionalContentTypes").stream().map(String::valueOf).toList();
  }

  public boolean websocketEnabled() {
    return websocket.getBoolean("enabled");
  }

  public long idleTimeout() {
    return websocket.getLong("idleTimeout");
  }

  public int websocketRateLimit() {
    return websocket.getInteger("rateLimit");
  }

  public boolean websocketCompression() {
    return websocket.getBoolean("compression");
  }

  public boolean resetIdleTimeoutOnSend() {
    return websocket.getBoolean("resetIdleTimeoutOnSend");
  }

  public int maxBackpressure() {
    return websocket.getInteger("maxBackpressure");
  }

  /** This module's part of the configuration tree, defaults included. */
  public JsonObject toJson() {
    return new JsonObject().put("server", server.copy().put("protocols", new JsonObject()
      .put("http", http.copy())
      .put("websocket", websocket.copy())));
  }
}
