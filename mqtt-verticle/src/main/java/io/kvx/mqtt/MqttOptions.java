package io.kvx.mqtt;

import io.kvx.core.config.ConfigLoader;
import io.kvx.core.config.Units;
import io.vertx.core.json.JsonObject;

/**
 * The {@code server.protocols.mqtt} section, with Kuzzle's keys and defaults, except that KVX enables MQTT by
 * default. Kuzzle's nested {@code server.port} is read as an alias of {@code port}.
 *
 * <p>KVX additions: {@code host}, {@code maxMessageSize} (defaults to {@code server.maxRequestSize}),
 * {@code connectTimeout}, {@code maxClientIdLength}, {@code maxBackpressure} and {@code instances}.
 */
public final class MqttOptions {

  /** KVX enables MQTT by default; Kuzzle does not. */
  public static final boolean DEFAULT_ENABLED = true;
  public static final int DEFAULT_PORT = 1883;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final String DEFAULT_REQUEST_TOPIC = "Kuzzle/request";
  public static final String DEFAULT_RESPONSE_TOPIC = "Kuzzle/response";
  public static final boolean DEFAULT_ALLOW_PUB_SUB = false;
  public static final boolean DEFAULT_DEVELOPMENT_MODE = false;
  /** Milliseconds a closed connection is kept before it is forgotten. */
  public static final long DEFAULT_DISCONNECT_DELAY = 250;
  public static final boolean DEFAULT_REALTIME_NOTIFICATIONS = true;
  /** The default of {@code server.maxRequestSize}, used when neither it nor {@code maxMessageSize} is set. */
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;
  /** KVX addition: milliseconds a new TCP connection may take to send its CONNECT packet. */
  public static final long DEFAULT_CONNECT_TIMEOUT = 30_000;
  /** KVX addition: the longest client identifier accepted (MQTT only requires servers to accept 23). */
  public static final int DEFAULT_MAX_CLIENT_ID_LENGTH = 256;
  /** KVX addition: bytes an MQTT client may have waiting to be written before it is disconnected as too slow. */
  public static final int DEFAULT_MAX_BACKPRESSURE = 256 * 1024;
  /** KVX addition: MQTT verticle instances sharing the port; 0 means one per processor. */
  public static final int DEFAULT_INSTANCES = 0;

  private final JsonObject mqtt;

  public MqttOptions() {
    this(new JsonObject());
  }

  /** Reads the whole configuration tree; missing keys take their default. */
  public MqttOptions(JsonObject config) {
    JsonObject server = ConfigLoader.section(config, "server");
    JsonObject in = ConfigLoader.section(server, "protocols", "mqtt");
    Object maxRequestSize = server.getValue("maxRequestSize", DEFAULT_MAX_MESSAGE_SIZE);
    int kuzzlePort = ConfigLoader.section(in, "server").getInteger("port", DEFAULT_PORT);
    this.mqtt = new JsonObject()
      .put("enabled", in.getBoolean("enabled", DEFAULT_ENABLED))
      .put("port", in.getInteger("port", kuzzlePort))
      .put("host", in.getString("host", DEFAULT_HOST))
      .put("requestTopic", in.getString("requestTopic", DEFAULT_REQUEST_TOPIC))
      .put("responseTopic", in.getString("responseTopic", DEFAULT_RESPONSE_TOPIC))
      .put("allowPubSub", in.getBoolean("allowPubSub", DEFAULT_ALLOW_PUB_SUB))
      .put("developmentMode", in.getBoolean("developmentMode", DEFAULT_DEVELOPMENT_MODE))
      .put("disconnectDelay", Units.millis(in.getValue("disconnectDelay", DEFAULT_DISCONNECT_DELAY)))
      .put("realtimeNotifications", in.getBoolean("realtimeNotifications", DEFAULT_REALTIME_NOTIFICATIONS))
      .put("maxMessageSize", Units.bytes(in.getValue("maxMessageSize", maxRequestSize)))
      .put("connectTimeout", Units.millis(in.getValue("connectTimeout", DEFAULT_CONNECT_TIMEOUT)))
      .put("maxClientIdLength", in.getInteger("maxClientIdLength", DEFAULT_MAX_CLIENT_ID_LENGTH))
      .put("maxBackpressure", (int) Units.bytes(in.getValue("maxBackpressure", DEFAULT_MAX_BACKPRESSURE)))
      .put("instances", in.getInteger("instances", DEFAULT_INSTANCES));
  }

  /** Whether the launcher deploys the MQTT gateway at all. */
  public boolean enabled() {
    return mqtt.getBoolean("enabled");
  }

  /** The TCP port; 0 means a random port, shared by every instance. */
  public int port() {
    return mqtt.getInteger("port");
  }

  public String host() {
    return mqtt.getString("host");
  }

  /** Where clients publish requests; nobody may subscribe to it. */
  public String requestTopic() {
    return mqtt.getString("requestTopic");
  }

  /** Where responses are published; no client may publish on it. */
  public String responseTopic() {
    return mqtt.getString("responseTopic");
  }

  /** Whether clients may publish and subscribe to other topics, as with a plain MQTT broker. */
  public boolean allowPubSub() {
    return mqtt.getBoolean("allowPubSub");
  }

  /** Whether responses go to every subscriber of the response topic instead of the requesting client only. */
  public boolean developmentMode() {
    return mqtt.getBoolean("developmentMode");
  }

  /** Milliseconds a closed connection is kept before it is forgotten. */
  public long disconnectDelay() {
    return mqtt.getLong("disconnectDelay");
  }

  /** Whether MQTT connections receive realtime notifications. */
  public boolean realtimeNotifications() {
    return mqtt.getBoolean("realtimeNotifications");
  }

  /** The largest MQTT packet accepted, in bytes; a larger one closes the connection. */
  public int maxMessageSize() {
    return (int) Math.min(Integer.MAX_VALUE, mqtt.getLong("maxMessageSize"));
  }

  /** Milliseconds a new connection may take to send its CONNECT packet. */
  public long connectTimeout() {
    return mqtt.getLong("connectTimeout");
  }

  public int maxClientIdLength() {
    return mqtt.getInteger("maxClientIdLength");
  }

  /**
   * Bytes of messages an MQTT client may have waiting to be written to its socket; past that it is disconnected, as
   * it does not read as fast as it is sent messages.
   */
  public int maxBackpressure() {
    return mqtt.getInteger("maxBackpressure");
  }

  /** MQTT verticle instances to deploy. */
  public int instances() {
    int configured = mqtt.getInteger("instances");
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  /** This module's part of the configuration tree, defaults included. */
  public JsonObject toJson() {
    return new JsonObject().put("server", new JsonObject().put("protocols", new JsonObject()
      .put("mqtt", mqtt.copy())));
  }
}
