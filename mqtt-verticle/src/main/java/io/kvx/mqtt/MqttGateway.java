package io.kvx.mqtt;

import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.Delivery;
import io.kvx.core.api.Ids;
import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.kvx.core.error.KuzzleError;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.NodeState;
import io.kvx.core.pipeline.Pipeline;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kuzzle's MQTT protocol for the connections of one verticle instance: a JSON envelope published on the request
 * topic runs through the pipeline and its response is published on the response topic to that client only (to
 * every subscriber of the response topic in development mode); payloads that are not a JSON object are answered
 * with {@code network.mqtt.unexpected_error}. With {@code allowPubSub}, other topics work as with a plain broker
 * between the clients of this node. Notifications addressed to a connection are published on their channel.
 *
 * <p>Topic rules are {@link TopicPolicy}'s. QoS 0, 1 and 2 are accepted from clients; subscriptions are granted at
 * QoS 1 at most, so the server never sends QoS 2. State is confined to the instance's event loop; messages for the
 * subscribers of other instances go through the node's {@link PubSubRouter}.
 */
final class MqttGateway {

  // Limitation: plain pub/sub and development-mode broadcasts reach the clients of this node only; the router would
  // have to forward them to the other nodes of a cluster.
  static final String TAKEOVER = Addresses.MQTT_TAKEOVER;

  private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);
  private static final String PROTOCOL = Protocol.MQTT.wireName();

  private final Vertx vertx;
  private final Pipeline pipeline;
  private final KvxNode node;
  private final MqttOptions options;
  private final TopicPolicy policy;
  private final String address;
  private final Map<String, MqttConnection> connections = new HashMap<>();
  private final Map<String, Set<MqttConnection>> subscribers = new HashMap<>();
  private final Map<String, MqttConnection> clients = new HashMap<>();
  private final PubSubRouter.Member pubSub;

  /**
   * @param address this instance's event-bus address, given to requests so that notifications find their way back
   *     to the connection; {@code null} when MQTT connections receive no notifications
   */
  MqttGateway(Vertx vertx, Pipeline pipeline, MqttOptions options, String address) {
    this.vertx = vertx;
    this.pipeline = pipeline;
    this.node = pipeline.node();
    this.options = options;
    this.policy = new TopicPolicy(options);
    this.address = address;
    this.pubSub = PubSubRouter.of(vertx).join(vertx.getOrCreateContext(), this::deliverPubSub);
  }

  /** Accepts a client that sent CONNECT, or refuses it while the node shuts down. */
  void connect(MqttEndpoint endpoint) {
    if (node.state() == NodeState.SHUTTING_DOWN) {
      endpoint.reject(endpoint.protocolVersion() == 5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
      return;
    }
    RequestContext context = new RequestContext(Ids.uuid(), Protocol.MQTT, address, null, User.ANONYMOUS);
    MqttConnection connection = new MqttConnection(endpoint, context, options.maxBackpressure());
    handle(connection);
    // Limitation: sessions are always clean: a client asking to resume one gets sessionPresent=false and nothing
    // of its previous connection; and the client id generated for a v5 client that sent none is not sent back
    // (Assigned Client Identifier), as vertx-mqtt does not tell whether it generated it.
    endpoint.accept(false, connackProperties(endpoint));
    connections.put(connection.id(), connection);
    node.countConnection(PROTOCOL, 1);
    takeOver(clients.put(endpoint.clientIdentifier(), connection));
    vertx.eventBus().publish(TAKEOVER, new JsonObject().put("clientId", endpoint.clientIdentifier())
      .put("connectionId", connection.id()), new DeliveryOptions().setLocalOnly(true));
  }

  /** Acknowledgements are sent by this class, so that refusals carry MQTT 5 reason codes. */
  private void handle(MqttConnection connection) {
    MqttEndpoint endpoint = connection.endpoint();
    endpoint.publishAutoAck(false);
    endpoint.subscriptionAutoAck(false);
    endpoint.publishHandler(message -> onPublish(connection, message));
    endpoint.publishReleaseHandler(packetId -> {
      connection.release(packetId);
      endpoint.publishComplete(packetId);
    });
    endpoint.subscribeHandler(message -> onSubscribe(connection, message));
    endpoint.unsubscribeHandler(message -> onUnsubscribe(connection, message));
    endpoint.exceptionHandler(failure -> onFailure(connection, failure));
    endpoint.closeHandler(closed -> onClose(connection));
  }

  /** Consumes {@link #TAKEOVER}: closes this instance's older connection with the same client id, if any. */
  void onTakeover(Message<JsonObject> message) {
    MqttConnection existing = clients.get(message.body().getString("clientId"));
    if (existing != null && !existing.id().equals(message.body().getString("connectionId"))) {
      clients.remove(message.body().getString("clientId"));
      takeOver(existing);
    }
  }

  /** Closes a connection whose client id a newer connection took; MQTT 5 clients are told why (0x8E). */
  private static void takeOver(MqttConnection previous) {
    if (previous == null || !previous.endpoint().isConnected()) {
      return;
    }
    LOG.debug("MQTT {} closed: client id {} connected again", previous.id(), previous.endpoint().clientIdentifier());
    if (previous.isMqtt5()) {
      previous.endpoint().disconnect(MqttDisconnectReasonCode.SESSION_TAKEN_OVER, MqttProperties.NO_PROPERTIES);
    } else {
      previous.endpoint().close();
    }
  }

  /** MQTT 5 only: what this server does not offer, so that clients do not try. */
  private MqttProperties connackProperties(MqttEndpoint endpoint) {
    MqttProperties properties = new MqttProperties();
    if (endpoint.protocolVersion() == 5) {
      properties.add(property(MqttProperties.MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE, 0));
      properties.add(property(MqttProperties.MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE, 0));
      properties.add(property(MqttProperties.MqttPropertyType.RETAIN_AVAILABLE, 0));
      properties.add(property(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE, options.maxMessageSize()));
    }
    return properties;
  }

  private static MqttProperties.IntegerProperty property(MqttProperties.MqttPropertyType type, int value) {
    return new MqttProperties.IntegerProperty(type.value(), value);
  }

  /**
   * A malformed or oversized packet ends the connection: after a decoding failure Netty's MQTT decoder ignores the
   * rest of the stream, so the connection could not be used anyway (MQTT 3.1.1 §4.8: close on a protocol error).
   */
  private static void onFailure(MqttConnection connection, Throwable failure) {
    LOG.debug("MQTT {} closed: {}", connection.id(), failure.getMessage());
    if (connection.endpoint().isConnected()) {
      connection.endpoint().close();
    }
  }

  private void onClose(MqttConnection connection) {
    connection.closed();
    clients.remove(connection.endpoint().clientIdentifier(), connection);
    connection.subscriptions().keySet().forEach(topic -> unsubscribe(connection, topic));
    node.countConnection(PROTOCOL, -1);
    // Kuzzle's disconnectDelay: the subscriptions of the connection are released a little after it closes.
    vertx.setTimer(Math.max(1, options.disconnectDelay()), timer -> {
      connections.remove(connection.id());
      vertx.eventBus().publish(Addresses.CONNECTION_CLOSED, new JsonObject().put("connectionId", connection.id())
        .put("protocol", PROTOCOL));
    });
  }

  /** A bug of ours answers with 500 rather than killing the connection or leaving the client waiting. */
  private void onPublish(MqttConnection connection, MqttPublishMessage message) {
    try {
      publish(connection, message);
    } catch (RuntimeException e) {
      LOG.error("MQTT {} publish failed unexpectedly", connection.id(), e);
      respond(connection, KuzzleResponse.of(KuzzleError.of("core.fatal.unexpected_error",
        String.valueOf(e.getMessage()))).encodeEnvelope(null, Ids.uuid(), node.id(), null));
    }
  }

  private void publish(MqttConnection connection, MqttPublishMessage message) {
    TopicPolicy.Publish kind = policy.publish(message.topicName());
    boolean refused = kind == TopicPolicy.Publish.REFUSED;
    boolean first = refused || message.qosLevel() != MqttQoS.EXACTLY_ONCE
      || connection.receiveOnce(message.messageId());
    acknowledge(connection, message, refused);
    if (!first) {
      return;
    }
    switch (kind) {
      case REQUEST -> onRequest(connection, message.payload());
      case PUB_SUB -> broadcast(message.topicName(), message.payload(), message.qosLevel());
      default -> LOG.debug("MQTT {} publish on {} refused", connection.id(), message.topicName());
    }
  }

  /** PUBACK for QoS 1, PUBREC for QoS 2; MQTT 5 clients learn that a refused publish was not authorized. */
  private static void acknowledge(MqttConnection connection, MqttPublishMessage message, boolean refused) {
    MqttEndpoint endpoint = connection.endpoint();
    switch (message.qosLevel()) {
      case AT_LEAST_ONCE -> endpoint.publishAcknowledge(message.messageId(),
        refused ? MqttPubAckReasonCode.NOT_AUTHORIZED : MqttPubAckReasonCode.SUCCESS, MqttProperties.NO_PROPERTIES);
      case EXACTLY_ONCE -> endpoint.publishReceived(message.messageId(),
        refused ? MqttPubRecReasonCode.NOT_AUTHORIZED : MqttPubRecReasonCode.SUCCESS, MqttProperties.NO_PROPERTIES);
      default -> {
        // QoS 0: nothing to acknowledge.
      }
    }
  }

  private void onRequest(MqttConnection connection, Buffer payload) {
    JsonObject envelope;
    try {
      envelope = parse(payload);
    } catch (KuzzleError e) {
      respond(connection, KuzzleResponse.of(e).encodeEnvelope(null, Ids.uuid(), node.id(), null));
      return;
    }
    KuzzleRequest request = new KuzzleRequest(envelope, Protocol.MQTT);
    pipeline.execute(request, connection.context()).onSuccess(response -> {
      node.countRequest(PROTOCOL, response.status());
      rememberChannel(connection, request, response);
      respond(connection, response.encodeEnvelope(request, request.requestId(), node.id(), null));
    });
  }

  private static JsonObject parse(Buffer payload) {
    Object value;
    try {
      value = Json.decodeValue(payload);
    } catch (DecodeException e) {
      throw KuzzleError.of("network.mqtt.unexpected_error", "invalid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw KuzzleError.of("network.mqtt.unexpected_error", "a request must be a JSON object");
    }
    return object;
  }

  /** A channel returned by {@code realtime:subscribe} or {@code realtime:join} becomes a topic the client may use. */
  private static void rememberChannel(MqttConnection connection, KuzzleRequest request, KuzzleResponse response) {
    if (response.error() == null && "realtime".equals(request.controller())
        && ("subscribe".equals(request.action()) || "join".equals(request.action()))
        && response.result() instanceof JsonObject result && result.getValue("channel") instanceof String channel) {
      connection.channels().add(channel);
    }
  }

  private void respond(MqttConnection connection, byte[] envelope) {
    Buffer payload = Buffer.buffer(envelope);
    if (options.developmentMode()) {
      broadcast(options.responseTopic(), payload, MqttQoS.AT_LEAST_ONCE);
    } else {
      connection.send(options.responseTopic(), payload, MqttQoS.AT_LEAST_ONCE);
    }
  }

  /** Hands a message to the subscribers of {@code topic} on every instance of this node. */
  private void broadcast(String topic, Buffer payload, MqttQoS qos) {
    pubSub.publish(topic, payload, qos);
  }

  /** Publishes a message routed by the {@link PubSubRouter} to this instance's subscribers of its topic. */
  private void deliverPubSub(String topic, Buffer payload, MqttQoS qos) {
    Set<MqttConnection> targets = subscribers.get(topic);
    if (targets == null) {
      return;
    }
    for (MqttConnection connection : targets) {
      connection.send(topic, payload, qos);
    }
  }

  /**
   * Consumes this instance's gateway address: a notification for some of its connections. It is published, without
   * its {@code room}, on the topic named after its room (the channel), or on {@code kuzzle:notification:server} for
   * {@code TokenExpired}; the payload is encoded once for all the connections.
   */
  void deliver(Message<Delivery> message) {
    JsonObject notification = message.body().notification();
    Object room = notification.getValue("room");
    String topic = "TokenExpired".equals(notification.getValue("type")) ? TopicPolicy.SERVER_NOTIFICATIONS
      : room instanceof String channel ? channel : null;
    if (topic == null) {
      LOG.debug("MQTT notification without a room dropped");
      return;
    }
    Buffer payload = null;
    for (String connectionId : message.body().connectionIds()) {
      MqttConnection connection = connections.get(connectionId);
      if (connection != null) {
        if (payload == null) {
          JsonObject withoutRoom = new JsonObject(new LinkedHashMap<>(notification.getMap()));
          withoutRoom.remove("room");
          payload = withoutRoom.toBuffer();
        }
        connection.send(topic, payload, MqttQoS.AT_LEAST_ONCE);
      }
    }
  }

  private void onSubscribe(MqttConnection connection, MqttSubscribeMessage message) {
    List<MqttSubAckReasonCode> codes = new ArrayList<>();
    for (MqttTopicSubscription subscription : message.topicSubscriptions()) {
      codes.add(subscribe(connection, subscription));
    }
    connection.endpoint().subscribeAcknowledge(message.messageId(), codes, MqttProperties.NO_PROPERTIES);
  }

  /** Grants at QoS 1 at most; MQTT 3.1.1 clients get the only failure code they know, 0x80. */
  private MqttSubAckReasonCode subscribe(MqttConnection connection, MqttTopicSubscription subscription) {
    String topic = subscription.topicName();
    TopicPolicy.Subscribe verdict = policy.subscribe(topic, connection.channels());
    if (verdict != TopicPolicy.Subscribe.GRANTED) {
      LOG.debug("MQTT {} subscription to {} refused: {}", connection.id(), topic, verdict);
      if (!connection.isMqtt5()) {
        return MqttSubAckReasonCode.UNSPECIFIED_ERROR;
      }
      return verdict == TopicPolicy.Subscribe.WILDCARD ? MqttSubAckReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED
        : MqttSubAckReasonCode.NOT_AUTHORIZED;
    }
    MqttQoS qos = subscription.qualityOfService() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE
      : MqttQoS.AT_LEAST_ONCE;
    connection.subscriptions().put(topic, qos);
    Set<MqttConnection> local = subscribers.get(topic);
    if (local == null) {
      local = new HashSet<>();
      subscribers.put(topic, local);
      pubSub.subscribed(topic);
    }
    local.add(connection);
    return qos == MqttQoS.AT_MOST_ONCE ? MqttSubAckReasonCode.GRANTED_QOS0 : MqttSubAckReasonCode.GRANTED_QOS1;
  }

  private void onUnsubscribe(MqttConnection connection, MqttUnsubscribeMessage message) {
    List<MqttUnsubAckReasonCode> codes = new ArrayList<>();
    for (String topic : message.topics()) {
      boolean existed = connection.subscriptions().remove(topic) != null;
      unsubscribe(connection, topic);
      codes.add(existed ? MqttUnsubAckReasonCode.SUCCESS : MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED);
    }
    if (connection.isMqtt5()) {
      connection.endpoint().unsubscribeAcknowledge(message.messageId(), codes, MqttProperties.NO_PROPERTIES);
    } else {
      connection.endpoint().unsubscribeAcknowledge(message.messageId());
    }
  }

  private void unsubscribe(MqttConnection connection, String topic) {
    Set<MqttConnection> targets = subscribers.get(topic);
    if (targets != null && targets.remove(connection) && targets.isEmpty()) {
      subscribers.remove(topic);
      pubSub.unsubscribed(topic);
    }
  }

  /** Tells MQTT 5 clients that the server shuts down (DISCONNECT 0x8B) before their sockets close. */
  void shutdown() {
    for (MqttConnection connection : List.copyOf(connections.values())) {
      MqttEndpoint endpoint = connection.endpoint();
      if (connection.isMqtt5() && endpoint.isConnected()) {
        endpoint.disconnect(MqttDisconnectReasonCode.SERVER_SHUTTING_DOWN, MqttProperties.NO_PROPERTIES);
      }
    }
  }

  /** Open connections of this instance, including those closed less than {@code disconnectDelay} ago. */
  int size() {
    return connections.size();
  }
}
