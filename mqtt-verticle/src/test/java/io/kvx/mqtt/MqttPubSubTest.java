package io.kvx.mqtt;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain pub/sub between the clients of the two instances of a node, and clients too slow to read what they get. */
class MqttPubSubTest {

  private static final JsonObject PUB_SUB = new JsonObject().put("allowPubSub", true);
  private static final int MESSAGES = 300;
  private static final int FLOOD_MESSAGES = 400;
  private static final int FLOOD_MESSAGE = 32 * 1024;

  /** CONNECT, MQTT 3.1.1, clean session, keep-alive 60 s, client id "s". */
  private static final byte[] CONNECT = {
    0x10, 13,                         // CONNECT, remaining length 13
    0x00, 0x04, 'M', 'Q', 'T', 'T',   // protocol name
    0x04,                             // protocol level 4 = MQTT 3.1.1
    0x02,                             // flags: clean session
    0x00, 0x3C,                       // keep-alive: 60 seconds
    0x00, 0x01, 's'                   // client identifier "s"
  };

  /** SUBSCRIBE packet id 1 to "flood" at QoS 0. */
  private static final byte[] SUBSCRIBE_FLOOD = {
    (byte) 0x82, 10,                  // SUBSCRIBE, remaining length 10
    0x00, 0x01,                       // packet id 1
    0x00, 0x05, 'f', 'l', 'o', 'o', 'd', // topic filter "flood"
    0x00                              // requested QoS 0
  };

  /** CONNACK accepted, then SUBACK for packet id 1 granting QoS 0. */
  private static final byte[] CONNACK_SUBACK = {0x20, 0x02, 0x00, 0x00, (byte) 0x90, 0x03, 0x00, 0x01, 0x00};

  @Test
  void publish_whenSubscribersOnBothInstances_expectEveryMessageOnceAndInOrder() throws Exception {
    List<PahoClient> readers = new ArrayList<>();
    try (MqttFixture node = new MqttFixture(PUB_SUB); PahoClient sender = new PahoClient(node.port, "sender")) {
      // The instances accept connections in turn, so that four readers land on both of them.
      for (int i = 0; i < 4; i++) {
        readers.add(new PahoClient(node.port, "reader" + i));
        readers.get(i).subscribe("chat/all", i % 2);
      }

      for (int i = 0; i < MESSAGES; i++) {
        sender.publish("chat/all", "m" + i, i % 2);
      }

      for (PahoClient reader : readers) {
        for (int i = 0; i < MESSAGES; i++) {
          assertThat(reader.next()).isEqualTo(new PahoClient.Received("chat/all", "m" + i));
        }
        assertThat(reader.poll(100)).isNull();
      }
      assertThat(PubSubRouter.of(node.vertx).members("chat/all")).isEqualTo(2);
    } finally {
      for (PahoClient reader : readers) {
        reader.close();
      }
    }
  }

  @Test
  void unsubscribe_whenLastSubscriberOfAnInstanceLeaves_expectInstanceNoLongerServed() throws Exception {
    try (MqttFixture node = new MqttFixture(PUB_SUB); PahoClient first = new PahoClient(node.port, "first");
         PahoClient second = new PahoClient(node.port, "second")) {
      first.subscribe("news", 0);
      second.subscribe("news", 0);
      assertThat(PubSubRouter.of(node.vertx).members("news")).isEqualTo(2);

      first.paho.unsubscribe("news");
      second.close();

      long deadline = System.currentTimeMillis() + 5000;
      while (PubSubRouter.of(node.vertx).members("news") != 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertThat(PubSubRouter.of(node.vertx).members("news")).isZero();
    }
  }

  @Test
  void send_whenSubscriberStopsReading_expectItCutOffAndOthersServed() throws Exception {
    JsonObject config = PUB_SUB.copy().put("maxBackpressure", "64kb");
    try (MqttFixture node = new MqttFixture(config); PahoClient sender = new PahoClient(node.port, "sender");
         PahoClient reader = new PahoClient(node.port, "reader"); Socket slow = new Socket()) {
      reader.subscribe("after", 0);
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress("127.0.0.1", node.port));
      slow.setSoTimeout(10_000);
      OutputStream out = slow.getOutputStream();
      out.write(CONNECT);
      out.write(SUBSCRIBE_FLOOD);
      assertThat(slow.getInputStream().readNBytes(CONNACK_SUBACK.length)).isEqualTo(CONNACK_SUBACK);

      // 12.8 MB for a client that reads nothing: far more than loopback's socket buffers take, then the bound.
      String chunk = "x".repeat(FLOOD_MESSAGE);
      for (int i = 0; i < FLOOD_MESSAGES; i++) {
        sender.publish("flood", chunk, 0);
      }
      sender.publish("after", "still served", 1);

      assertThat(reader.next()).isEqualTo(new PahoClient.Received("after", "still served"));
      // What was queued before the cut-off arrives, then the server's close; the rest was never queued.
      long read = readUntilClosed(slow.getInputStream());
      assertThat(read).isPositive().isLessThan((long) FLOOD_MESSAGES * FLOOD_MESSAGE / 2);
      long deadline = System.currentTimeMillis() + 5000;
      while (node.node.connections().getLong("mqtt") != 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertThat(node.node.connections().getLong("mqtt")).isEqualTo(2);
    }
  }

  /** The bytes read until the peer closed the socket, or -1 when it did not close it before the read timeout. */
  private static long readUntilClosed(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
      }
      return total;
    } catch (SocketTimeoutException e) {
      return -1;
    } catch (IOException reset) {
      return total;
    }
  }
}
