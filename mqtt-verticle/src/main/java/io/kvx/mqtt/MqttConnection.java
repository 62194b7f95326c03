package io.kvx.mqtt;

import io.kvx.core.api.RequestContext;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One MQTT client: its endpoint, its request context, its subscriptions with their granted QoS, the notification
 * channels it may subscribe to, the QoS 2 packets received but not yet released, and the bytes sent to it but not
 * yet written to its socket. Confined to the event loop of the verticle instance that accepted it.
 */
final class MqttConnection {

  private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
  /** Fixed header, topic length and packet id of a PUBLISH, at most. */
  private static final int PUBLISH_OVERHEAD = 9;

  private final MqttEndpoint endpoint;
  private final RequestContext context;
  private final Map<String, MqttQoS> subscriptions = new HashMap<>();
  private final Set<String> channels = new HashSet<>();
  private final Set<Integer> unreleased = new HashSet<>();
  private final int maxBackpressure;
  private boolean open = true;
  private long unwritten;

  /**
   * @param maxBackpressure bytes that may wait to be written to the client before it is disconnected as too slow
   */
  MqttConnection(MqttEndpoint endpoint, RequestContext context, int maxBackpressure) {
    this.endpoint = endpoint;
    this.context = context;
    this.maxBackpressure = maxBackpressure;
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
   *
   * <p>A client that lets more than {@code maxBackpressure} bytes wait for its socket is disconnected rather than
   * buffered without bound, as the WebSocket gateway closes such a socket with 1011. vertx-mqtt does not expose the
   * socket's write queue, so the bytes are counted here, from the publish until its write completes.
   */
  void send(String topic, Buffer payload, MqttQoS maxQos) {
    if (!open || !endpoint.isConnected()) {
      return;
    }
    MqttQoS granted = subscriptions.getOrDefault(topic, MqttQoS.AT_MOST_ONCE);
    MqttQoS qos = granted.value() <= maxQos.value() ? granted : maxQos;
    long size = PUBLISH_OVERHEAD + topic.length() + payload.length();
    unwritten += size;
    endpoint.publish(topic, payload, qos, false, false).onComplete(written -> unwritten -= size);
    if (unwritten > maxBackpressure) {
      tooSlow();
    }
  }

  /**
   * Stops sending to the client and closes the connection. The close waits behind what is already queued (at most
   * about {@code maxBackpressure} bytes), so the socket closes once the client has read it, or when its keep-alive
   * expires if it sends nothing either; its subscriptions go with the connection, as with any other close.
   */
  private void tooSlow() {
    open = false;
    LOG.debug("MQTT {} closed: client too slow, {} bytes waiting to be written", id(), unwritten);
    // Limitation: a client that keeps sending PINGREQ but never reads keeps its socket, with what was queued, until
    // it goes; vertx-mqtt's close cannot skip the write queue and its endpoint does not expose the channel.
    endpoint.close();
  }
}
