package io.kvx.mqtt;

import io.vertx.core.json.JsonObject;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The same protocol with an MQTT 5 client (Eclipse Paho v5), which also sees the reason codes. */
class MqttV5Test {

  private static final long WAIT_MS = 10_000;
  private static final int NOT_AUTHORIZED = 0x87;
  private static final int SERVER_SHUTTING_DOWN = 0x8B;

  @Test
  void request_whenMqtt5Client_expectResponseAndCapabilitiesAdvertised() throws Exception {
    try (MqttFixture node = new MqttFixture()) {
      V5Client client = new V5Client(node.port);

      assertThat(client.connack.isWildcardSubscriptionsAvailable()).isFalse();
      assertThat(client.connack.isRetainAvailable()).isFalse();
      client.paho.publish(PahoClient.REQUESTS, new JsonObject().put("controller", "echo").put("action", "now")
        .put("requestId", "v5").encode().getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(WAIT_MS);
      String[] response = client.received.poll(WAIT_MS, TimeUnit.MILLISECONDS);

      assertThat(response).isNotNull();
      assertThat(response[0]).isEqualTo(PahoClient.RESPONSES);
      assertThat(new JsonObject(response[1]).getString("requestId")).isEqualTo("v5");
      client.close();
    }
  }

  @Test
  void subscribe_whenNotAllowedTopic_expectNotAuthorizedReasonCode() throws Exception {
    try (MqttFixture node = new MqttFixture()) {
      V5Client client = new V5Client(node.port);

      IMqttToken refused = client.paho.subscribe(new MqttSubscription("chat", 1));
      refused.waitForCompletion(WAIT_MS);
      IMqttToken granted = client.paho.subscribe(new MqttSubscription(PahoClient.RESPONSES, 2));
      granted.waitForCompletion(WAIT_MS);

      assertThat(refused.getReasonCodes()).containsExactly(NOT_AUTHORIZED);
      assertThat(granted.getReasonCodes()).containsExactly(1);
      client.close();
    }
  }

  @Test
  void stop_whenMqtt5ClientConnected_expectServerShuttingDownDisconnect() throws Exception {
    V5Client client;
    try (MqttFixture node = new MqttFixture()) {
      client = new V5Client(node.port);
    }

    assertThat(client.disconnected.get(WAIT_MS, TimeUnit.MILLISECONDS).getReturnCode())
      .isEqualTo(SERVER_SHUTTING_DOWN);
    client.paho.close(true);
  }

  /** An asynchronous Paho v5 client, connected with a clean start. */
  private static final class V5Client {
    final MqttAsyncClient paho;
    final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
    final CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();
    final MqttProperties connack;

    V5Client(int port) throws MqttException {
      paho = new MqttAsyncClient("tcp://127.0.0.1:" + port, "v5-client", new MemoryPersistence());
      paho.setCallback(new MqttCallback() {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
          disconnected.complete(response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
          // Reported through the tokens the test waits on.
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
          received.add(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8)});
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
          // The test waits on the publish token instead.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
          // Nothing to do: the constructor waits for the connection.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
          // No enhanced authentication here.
        }
      });
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      options.setAutomaticReconnect(false);
      IMqttToken connected = paho.connect(options);
      connected.waitForCompletion(WAIT_MS);
      connack = connected.getResponseProperties();
    }

    void close() throws MqttException {
      paho.disconnect().waitForCompletion(WAIT_MS);
      paho.close(true);
    }
  }
}
