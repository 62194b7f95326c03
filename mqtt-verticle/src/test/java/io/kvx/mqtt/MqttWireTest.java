package io.kvx.mqtt;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection limits, driven with hand-written packets over a plain socket. */
class MqttWireTest {

  /** CONNECT, MQTT 3.1.1, clean session, keep-alive 1 s, client id "k". */
  private static final byte[] CONNECT_KEEP_ALIVE_1S = {
    0x10, 13,                         // CONNECT, remaining length 13
    0x00, 0x04, 'M', 'Q', 'T', 'T',   // protocol name
    0x04,                             // protocol level 4 = MQTT 3.1.1
    0x02,                             // flags: clean session
    0x00, 0x01,                       // keep-alive: 1 second
    0x00, 0x01, 'k'                   // client identifier "k"
  };

  /** CONNACK: accepted, no session present. */
  private static final byte[] CONNACK_ACCEPTED = {0x20, 0x02, 0x00, 0x00};

  @Test
  void connect_whenClientSilentPastKeepAlive_expectDisconnected() throws Exception {
    try (MqttFixture node = new MqttFixture(); Socket socket = new Socket("127.0.0.1", node.port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(CONNECT_KEEP_ALIVE_1S);

      assertThat(socket.getInputStream().readNBytes(4)).isEqualTo(CONNACK_ACCEPTED);
      long start = System.nanoTime();
      assertThat(readUntilClosed(socket.getInputStream())).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(1000L, 4000L);
    }
  }

  @Test
  void connect_whenNoConnectWithinTimeout_expectSocketClosed() throws Exception {
    JsonObject config = new JsonObject().put("connectTimeout", "1s");
    try (MqttFixture node = new MqttFixture(config); Socket socket = new Socket("127.0.0.1", node.port)) {
      socket.setSoTimeout(5000);

      assertThat(readUntilClosed(socket.getInputStream())).isTrue();
    }
  }

  @Test
  void publish_whenPacketLargerThanMaxMessageSize_expectOnlyThatClientDisconnected() throws Exception {
    JsonObject config = new JsonObject().put("maxMessageSize", 1024);
    try (MqttFixture node = new MqttFixture(config); PahoClient big = new PahoClient(node.port, "big");
         PahoClient small = new PahoClient(node.port, "small")) {
      try {
        big.publish(PahoClient.REQUESTS, "x".repeat(4096), 0);
      } catch (org.eclipse.paho.client.mqttv3.MqttException expected) {
        // The client may notice the closed socket while publishing.
      }

      long deadline = System.currentTimeMillis() + 5000;
      while (big.isConnected() && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertThat(big.isConnected()).isFalse();
      JsonObject now = new JsonObject().put("controller", "echo").put("action", "now");
      assertThat(small.request(now, 1).getInteger("status")).isEqualTo(200);
    }
  }

  /** Whether the peer closed the socket before the read timeout; bytes sent before the close are skipped. */
  private static boolean readUntilClosed(InputStream in) throws IOException {
    try {
      while (in.read() >= 0) {
        // Skip anything the server sends before closing.
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
