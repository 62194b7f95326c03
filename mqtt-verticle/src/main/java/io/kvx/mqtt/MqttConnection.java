package io.kvx.mqtt;

import io.kvx.core.api.RequestContext;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One MQTT client: its endpoint, its request context, its subscriptions with their granted QoS, the notification
 * channels it may subscribe to, and the QoS 2 packets received but not yet released. Confined to the event loop of
 * the verticle instance that accepted it.
 */
final class MqttConnection {

  private final MqttEndpoint endpoint;
  private final RequestContext context;
  private final Map<String, MqttQoS> subscriptions = new HashMap<>();
  private final Set<String> channels = new HashSet<>();
  private final Set<Integer> unreleased = new HashSet<>();
  private boolean open = true;

  MqttConnection(MqttEndpoint endpoint, RequestContext context) {
    this.endpoint = endpoint;
    this.context = context;
  }

  MqttEndpoint endpoint() {
    return endpoint;
  }

  RequestContext context() {
    return context;
  }

  String id() {
    return context.connectionId();
  }

  boolean isMqtt5() {
    return endpoint.protocolVersion() == 5;
  }

  Map<String, MqttQoS> subscriptions() {
    return subscriptions;
  }

  /** Channels this connection was given by the realtime controller, and may therefore subscribe to. */
  Set<String> channels() {
    return channels;
  }

  /**
   * Records a QoS 2 packet id until its PUBREL; {@code false} when it is already recorded, which means the client
   * resent the PUBLISH and it must not be processed twice (MQTT 3.1.1 §4.3.3).
   */
  boolean receiveOnce(int packetId) {
    return unreleased.add(packetId);
  }

  void release(int packetId) {
    unreleased.remove(packetId);
  }

  void closed() {
    open = false;
  }

  /**
   * Publishes to this client at the QoS granted on its subscription to {@code topic}, lowered to {@code maxQos};
   * QoS 0 when it has not subscribed (Kuzzle writes responses and notifications to the client directly).
   */
  void send(String topic, Buffer payload, MqttQoS maxQos) {
    if (!open || !endpoint.isConnected()) {
      return;
    }
    MqttQoS granted = subscriptions.getOrDefault(topic, MqttQoS.AT_MOST_ONCE);
    MqttQoS qos = granted.value() <= maxQos.value() ? granted : maxQos;
    // Limitation: no bound on what a slow client has queued (the WebSocket gateway closes it with 1011); vertx-mqtt
    // does not expose the socket's write queue.
    endpoint.publish(topic, payload, qos, false, false);
  }
}
