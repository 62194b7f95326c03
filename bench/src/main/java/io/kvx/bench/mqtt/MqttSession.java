package io.kvx.bench.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubAckMessage;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One MQTT client of a load generator (vertx-mqtt, MQTT 3.1.1, clean session), confined to the event loop of the
 * verticle that created it. Adds what the bench needs on top of the client: subscriptions that complete on their
 * SUBACK, and Kuzzle requests answered by the response whose requestId matches. Messages matching no pending
 * request go to the {@link #onMessage} handler.
 */
final class MqttSession {

  private static final int KEEP_ALIVE_S = 60;
  /** QoS 1 publishes waiting for their PUBACK; the loads bound them themselves, so this only has to be large. */
  private static final int MAX_INFLIGHT = 4096;
  private static final int GRANTED_FAILURE = 0x80;

  private final MqttClient client;
  private final Map<Integer, Promise<Void>> subscriptions = new HashMap<>();
  private final Map<String, Promise<JsonObject>> requests = new HashMap<>();
  private Handler<MqttPublishMessage> handler = message -> { };
  private long nextId;

  MqttSession(Vertx vertx, String clientId) {
    MqttClientOptions options = new MqttClientOptions().setClientId(clientId).setMaxInflightQueue(MAX_INFLIGHT)
      .setKeepAliveInterval(KEEP_ALIVE_S).setAutoKeepAlive(true);
    options.setTcpNoDelay(true);
    options.setConnectTimeout(60_000);
    client = MqttClient.create(vertx, options);
    client.subscribeCompletionHandler(this::subscribed);
    client.publishHandler(this::received);
  }

  Future<Void> connect(int port) {
    return client.connect(port, Mqtt.HOST).mapEmpty();
  }

  /** Receives the messages that answer no request of {@link #request}. */
  MqttSession onMessage(Handler<MqttPublishMessage> messages) {
    this.handler = messages;
    return this;
  }

  MqttSession onClose(Handler<Void> closed) {
    client.closeHandler(closed);
    return this;
  }

  /** Completes once the broker granted the subscription. */
  Future<Void> subscribe(String topic, MqttQoS qos) {
    return client.subscribe(topic, qos.value()).compose(packetId -> {
      Promise<Void> granted = Promise.promise();
      subscriptions.put(packetId, granted);
      return granted.future();
    });
  }

  private void subscribed(MqttSubAckMessage ack) {
    Promise<Void> granted = subscriptions.remove(ack.messageId());
    if (granted == null) {
      return;
    }
    if (ack.grantedQoSLevels().contains(GRANTED_FAILURE)) {
      granted.fail("subscription refused");
    } else {
      granted.complete();
    }
  }

  /** Sends a Kuzzle request; completes with its response, whatever its status. */
  Future<JsonObject> request(JsonObject request) {
    String id = "setup-" + nextId++;
    Promise<JsonObject> answer = Promise.promise();
    requests.put(id, answer);
    publish(Mqtt.REQUESTS, Buffer.buffer(request.copy().put("requestId", id).encode()), MqttQoS.AT_MOST_ONCE)
      .onFailure(failure -> {
        requests.remove(id, answer);
        answer.tryFail(failure);
      });
    return answer.future();
  }

  /** Same as {@link #request}, failing unless the status is 200. */
  Future<JsonObject> call(JsonObject request) {
    return request(request).compose(response -> response.getInteger("status", 0) == 200
      ? Future.succeededFuture(response)
      : Future.failedFuture(request.getString("controller") + ":" + request.getString("action") + " failed: "
        + response.encode()));
  }

  private void received(MqttPublishMessage message) {
    if (!requests.isEmpty() && Mqtt.RESPONSES.equals(message.topicName())) {
      JsonObject response = new JsonObject(message.payload().toString(StandardCharsets.UTF_8));
      Promise<JsonObject> answer = requests.remove(response.getString("requestId", ""));
      if (answer != null) {
        answer.complete(response);
        return;
      }
    }
    handler.handle(message);
  }

  Future<Integer> publish(String topic, Buffer payload, MqttQoS qos) {
    return client.publish(topic, payload, qos, false, false);
  }

  Future<Void> close() {
    return client.isConnected() ? client.disconnect() : Future.succeededFuture();
  }
}
