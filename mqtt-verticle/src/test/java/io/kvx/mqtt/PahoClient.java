package io.kvx.mqtt;

import io.vertx.core.json.JsonObject;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An Eclipse Paho MQTT 3.1.1 client with a clean session, and the messages it received, in order. */
final class PahoClient implements AutoCloseable {

  static final String REQUESTS = "Kuzzle/request";
  static final String RESPONSES = "Kuzzle/response";

  /** One message received: its topic and its payload as text. */
  record Received(String topic, String payload) {
    JsonObject json() {
      return new JsonObject(payload);
    }
  }

  final MqttClient paho;
  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private volatile boolean lost;

  PahoClient(int port, String clientId) throws MqttException {
    paho = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
    paho.setTimeToWait(10_000);
    paho.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        lost = true;
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
        // Nothing to do: publish() already waits for the acknowledgement.
      }
    });
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    paho.connect(options);
  }

  /** Publishes and, for QoS 1 and 2, waits for the server's acknowledgement. */
  void publish(String topic, String payload, int qos) throws MqttException {
    paho.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
  }

  /** Sends a request and returns the next message on the response topic. */
  JsonObject request(JsonObject envelope, int qos) throws Exception {
    publish(REQUESTS, envelope.encode(), qos);
    Received response = next();
    assertThat(response.topic()).isEqualTo(RESPONSES);
    return response.json();
  }

  /** The granted QoS of a subscription, or 128 when the server refused it. */
  int subscribe(String topic, int qos) throws MqttException {
    IMqttToken token = paho.subscribeWithResponse(topic, qos);
    return token.getGrantedQos()[0];
  }

  Received next() throws InterruptedException {
    Received message = received.poll(10, TimeUnit.SECONDS);
    assertThat(message).as("a message within 10 s").isNotNull();
    return message;
  }

  /** The next message if one arrives within {@code millis}, else {@code null}. */
  Received poll(long millis) throws InterruptedException {
    return received.poll(millis, TimeUnit.MILLISECONDS);
  }

  boolean isConnected() {
    return paho.isConnected() && !lost;
  }

  @Override
  public void close() throws MqttException {
    if (paho.isConnected()) {
      paho.disconnect(1000);
    }
    paho.close(true);
  }
}
