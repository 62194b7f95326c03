package io.kvx.core.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class NodeDeliveryTest {

  @Test
  void itCrossesTheClusterAsJson_andComesBackEqual() {
    NodeDelivery delivery = new NodeDelivery(Map.of(Addresses.gateway("knode-a", "1"), List.of("c1", "c2"),
      Addresses.gateway("knode-a", "2"), List.of("c3")), new JsonObject().put("room", "r-311").put("n", 1));
    LocalFirstCodec<NodeDelivery> codec = new LocalFirstCodec<>(NodeDelivery.class, NodeDelivery::toJson,
      NodeDelivery::fromJson);
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, delivery);
    assertThat(codec.decodeFromWire(0, wire)).isEqualTo(delivery);
    assertThat(codec.transform(delivery)).isSameAs(delivery);
  }

  @Test
  void dispatchHandsEachInstanceItsConnectionsInChunks() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Codecs.register(vertx);
      String first = Addresses.gateway("knode-a", "1");
      String second = Addresses.gateway("knode-a", "2");
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      for (String gateway : List.of(first, second)) {
        vertx.eventBus().<Delivery>consumer(gateway, message -> received.add(gateway + " "
          + message.body().connectionIds().size() + " " + message.body().notification().getString("room")))
          .completion().await(5, TimeUnit.SECONDS);
      }
      List<String> many = IntStream.range(0, 600).mapToObj(i -> "c" + i).toList();
      new NodeDelivery(Map.of(first, many, second, List.of("x")), new JsonObject().put("room", "r-311"))
        .dispatch(vertx.eventBus());
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        got.add(received.poll(5, TimeUnit.SECONDS));
      }
      assertThat(got).containsExactlyInAnyOrder(first + " 256 r-311", first + " 256 r-311", first + " 88 r-311",
        second + " 1 r-311");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aGatewayAddressNamesItsNode() {
    assertThat(Addresses.gatewayNode(Addresses.gateway("knode-swift-otter-4242", "f00"))).isEqualTo(
      "knode-swift-otter-4242");
    assertThat(Addresses.gatewayNode("kvx.api.document")).isNull();
    assertThat(Addresses.gatewayNode(Addresses.GATEWAY_PREFIX + "nodot")).isNull();
  }
}
