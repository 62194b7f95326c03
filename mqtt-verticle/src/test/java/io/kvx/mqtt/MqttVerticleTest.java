package io.kvx.mqtt;

import io.kvx.core.bus.Delivery;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.pipeline.KvxNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.kvx.mqtt.PahoClient.REQUESTS;
import static io.kvx.mqtt.PahoClient.RESPONSES;
import static org.assertj.core.api.Assertions.assertThat;

class MqttVerticleTest {

  private static final JsonObject NOW = new JsonObject().put("controller", "echo").put("action", "now");
  private static final int REFUSED = 0x80;

  @Test
  void request_whenEnvelopeOnRequestTopic_expectEnvelopeOnResponseTopic() throws Exception {
    try (MqttFixture node = new MqttFixture(); PahoClient client = new PahoClient(node.port, "c1")) {
      JsonObject response = client.request(NOW, 0);

      assertThat(response.getInteger("status")).isEqualTo(200);
      assertThat(response.getValue("error")).isNull();
      assertThat(response.getJsonObject("result").getLong("now")).isPositive();
      assertThat(response.getString("controller")).isEqualTo("echo");
      assertThat(response.getString("action")).isEqualTo("now");
      assertThat(response.getString("node")).isEqualTo(node.node.id());
      assertThat(response.getString("requestId")).isNotBlank();
      assertThat(response.containsKey("room")).isFalse();
    }
  }

  @Test
  void request_whenRequestIdGivenAtQos1_expectItEchoed() throws Exception {
    try (MqttFixture node = new MqttFixture(); PahoClient client = new PahoClient(node.port, "c1")) {
      JsonObject response = client.request(NOW.copy().put("requestId", "my-request-42"), 1);

      assertThat(response.getString("requestId")).isEqualTo("my-request-42");
      assertThat(response.getInteger("status")).isEqualTo(200);
    }
  }

  @Test
  void request_whenQos2_expectOneResponse() throws Exception {
    try (MqttFixture node = new MqttFixture(); PahoClient client = new PahoClient(node.port, "c1")) {
      JsonObject response = client.request(NOW.copy().put("requestId", "exactly-once"), 2);

      assertThat(response.getString("requestId")).isEqualTo("exactly-once");
      assertThat(client.poll(300)).isNull();
    }
  }

  @Test
  void request_whenSent_expectMqttContextWithGatewayAddress() throws Exception {
    try (MqttFixture node = new MqttFixture(); PahoClient client = new PahoClient(node.port, "c1")) {
      JsonObject context = client.request(new JsonObject().put("controller", "echo").put("action", "whoami"), 0)
        .getJsonObject("result");

      assertThat(context.getString("protocol")).isEqualTo("mqtt");
      assertThat(context.getString("connectionId")).isNotBlank();
      assertThat(context.getString("gateway")).startsWith("__kvx.gateway.");
    }
  }

  @Test
  void request_whenPayloadMalformed_expectUnexpectedErrorAndOtherClientsUnaffected() throws Exception {
    try (MqttFixture node = new MqttFixture(); PahoClient bad = new PahoClient(node.port, "bad");
         PahoClient good = new PahoClient(node.port, "good")) {
      bad.publish(REQUESTS, "{not json", 1);
      JsonObject notJson = bad.next().json();
      bad.publish(REQUESTS, "[1, 2]", 0);
      JsonObject notObject = bad.next().json();

      for (JsonObject response : new JsonObject[] {notJson, notObject}) {
        assertThat(response.getInteger("status")).isEqualTo(400);
        assertThat(response.getJsonObject("error").getString("id")).isEqualTo("network.mqtt.unexpected_error");
        assertThat(response.getJsonObject("error").getInteger("code")).isEqualTo(50462721);
        assertThat(response.getValue("result")).isNull();
      }
      assertThat(notJson.getJsonObject("error").getString("message"))
        .isEqualTo("Caught an unexpected MQTT error: invalid JSON");
      assertThat(good.request(NOW, 1).getInteger("status")).isEqualTo(200);
      assertThat(bad.request(NOW, 0).getInteger("status")).isEqualTo(200);
      assertThat(good.poll(200)).isNull();
    }
  }

  @Test
  void request_whenUnknownController_expectCatalogued404() throws Exception {
    try (MqttFixture node = new MqttFixture(); PahoClient client = new PahoClient(node.port, "c1")) {
      JsonObject response = client.request(new JsonObject().put("controller", "nope").put("action", "x"), 0);

      assertThat(response.getInteger("status")).isEqualTo(404);
      assertThat(response.getJsonObject("error").getString("id")).isEqualTo("api.process.controller_not_found");
    }
  }

  @Test
  void subscribe_whenWildcardOrReservedTopic_expectRefused() throws Exception {
    try (MqttFixture node = new MqttFixture(); PahoClient client = new PahoClient(node.port, "c1")) {
      assertThat(client.subscribe("#", 0)).isEqualTo(REFUSED);
      assertThat(client.subscribe("Kuzzle/+", 1)).isEqualTo(REFUSED);
      assertThat(client.subscribe(REQUESTS, 0)).isEqualTo(REFUSED);
      assertThat(client.subscribe("chat", 0)).isEqualTo(REFUSED);
      assertThat(client.subscribe(RESPONSES, 2)).isEqualTo(1);
      assertThat(client.subscribe(TopicPolicy.SERVER_NOTIFICATIONS, 0)).isZero();
      assertThat(client.isConnected()).isTrue();
    }
  }

  @Test
  void publish_whenOtherTopicWithoutPubSub_expectNotDelivered() throws Exception {
    try (MqttFixture node = new MqttFixture(); PahoClient sender = new PahoClient(node.port, "sender");
         PahoClient reader = new PahoClient(node.port, "reader")) {
      assertThat(reader.subscribe("chat", 1)).isEqualTo(REFUSED);
      reader.subscribe(RESPONSES, 1);

      sender.publish("chat", "hello", 1);
      sender.publish(RESPONSES, "{\"forged\":true}", 1);

      assertThat(reader.poll(500)).isNull();
      assertThat(sender.isConnected()).isTrue();
    }
  }

  @Test
  void publish_whenAllowPubSub_expectDeliveredToSubscribersOnly() throws Exception {
    JsonObject config = new JsonObject().put("allowPubSub", true);
    try (MqttFixture node = new MqttFixture(config); PahoClient sender = new PahoClient(node.port, "sender");
         PahoClient reader = new PahoClient(node.port, "reader");
         PahoClient bystander = new PahoClient(node.port, "bystander")) {
      assertThat(reader.subscribe("chat/room1", 1)).isEqualTo(1);
      assertThat(reader.subscribe("chat/#", 0)).isEqualTo(REFUSED);
      reader.subscribe(RESPONSES, 0);

      sender.publish("chat/room1", "hello", 1);
      sender.publish("chat/room1", "again", 0);
      sender.publish(RESPONSES, "{\"forged\":true}", 1);

      assertThat(reader.next()).isEqualTo(new PahoClient.Received("chat/room1", "hello"));
      assertThat(reader.next()).isEqualTo(new PahoClient.Received("chat/room1", "again"));
      assertThat(reader.poll(300)).isNull();
      assertThat(bystander.poll(100)).isNull();
      assertThat(sender.received).isEmpty();
    }
  }

  @Test
  void respond_whenDevelopmentMode_expectEveryResponseSubscriberServed() throws Exception {
    JsonObject config = new JsonObject().put("developmentMode", true);
    try (MqttFixture node = new MqttFixture(config); PahoClient requester = new PahoClient(node.port, "requester");
         PahoClient watcher = new PahoClient(node.port, "watcher")) {
      requester.subscribe(RESPONSES, 0);
      watcher.subscribe(RESPONSES, 0);

      JsonObject response = requester.request(NOW.copy().put("requestId", "shared"), 0);

      assertThat(response.getString("requestId")).isEqualTo("shared");
      assertThat(watcher.next().json().getString("requestId")).isEqualTo("shared");
    }
  }

  @Test
  void respond_whenTwoClientsRequest_expectEachOnlyItsOwnResponses() throws Exception {
    try (MqttFixture node = new MqttFixture(); PahoClient alice = new PahoClient(node.port, "alice");
         PahoClient bob = new PahoClient(node.port, "bob")) {
      alice.subscribe(RESPONSES, 1);
      bob.subscribe(RESPONSES, 1);
      for (int i = 0; i < 10; i++) {
        alice.publish(REQUESTS, NOW.copy().put("requestId", "alice-" + i).encode(), 1);
        bob.publish(REQUESTS, NOW.copy().put("requestId", "bob-" + i).encode(), 0);
      }

      assertThat(requestIds(alice, 10)).allMatch(id -> id.startsWith("alice-")).hasSize(10);
      assertThat(requestIds(bob, 10)).allMatch(id -> id.startsWith("bob-")).hasSize(10);
      assertThat(alice.poll(200)).isNull();
      assertThat(bob.poll(1)).isNull();
    }
  }

  @Test
  void subscribe_whenChannelReturnedByRealtimeSubscribe_expectGranted() throws Exception {
    try (MqttFixture node = new MqttFixture(); PahoClient client = new PahoClient(node.port, "c1")) {
      assertThat(client.subscribe(MqttFixture.CHANNEL, 0)).isEqualTo(REFUSED);

      JsonObject response = client.request(new JsonObject().put("controller", "realtime").put("action", "subscribe")
        .put("index", "i").put("collection", "c").put("body", new JsonObject()), 0);

      assertThat(response.getJsonObject("result").getString("channel")).isEqualTo(MqttFixture.CHANNEL);
      assertThat(client.subscribe(MqttFixture.CHANNEL, 0)).isZero();
    }
  }

  @Test
  void deliver_whenNotificationForConnection_expectPublishedOnChannelWithoutRoom() throws Exception {
    try (MqttFixture node = new MqttFixture(); PahoClient client = new PahoClient(node.port, "c1");
         PahoClient other = new PahoClient(node.port, "c2")) {
      JsonObject context = client.request(new JsonObject().put("controller", "echo").put("action", "whoami"), 0)
        .getJsonObject("result");
      JsonObject notification = new JsonObject().put("type", "document").put("room", "some-channel")
        .put("action", "create").put("result", new JsonObject().put("_id", "doc1"));

      String connectionId = context.getString("connectionId");
      node.vertx.eventBus().send(context.getString("gateway"),
        new Delivery(List.of("gone", connectionId), notification));
      node.vertx.eventBus().send(context.getString("gateway"), Delivery.to(connectionId,
        new JsonObject().put("type", "TokenExpired").put("message", "expired")));

      PahoClient.Received received = client.next();
      assertThat(received.topic()).isEqualTo("some-channel");
      JsonObject expected = notification.copy();
      expected.remove("room");
      assertThat(received.json()).isEqualTo(expected);
      assertThat(client.next().topic()).isEqualTo(TopicPolicy.SERVER_NOTIFICATIONS);
      assertThat(other.poll(200)).isNull();
    }
  }

  @Test
  void connect_whenClientsComeAndGo_expectConnectionsCounted() throws Exception {
    try (MqttFixture node = new MqttFixture()) {
      PahoClient client = new PahoClient(node.port, "c1");
      assertThat(node.node.connections().getLong("mqtt")).isEqualTo(1);

      client.close();

      long deadline = System.currentTimeMillis() + 5000;
      while (node.node.connections().getLong("mqtt") != 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      assertThat(node.node.connections().getLong("mqtt")).isZero();
    }
  }

  @Test
  void connect_whenClientIdAlreadyConnected_expectOlderConnectionClosed() throws Exception {
    try (MqttFixture node = new MqttFixture(); PahoClient first = new PahoClient(node.port, "same-id");
         PahoClient second = new PahoClient(node.port, "same-id")) {
      long deadline = System.currentTimeMillis() + 5000;
      while (first.isConnected() && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }

      assertThat(first.isConnected()).isFalse();
      assertThat(second.request(NOW, 1).getInteger("status")).isEqualTo(200);
    }
  }

  @Test
  void request_whenRealtimeNotificationsOff_expectNoGatewayInContext() throws Exception {
    JsonObject config = new JsonObject().put("realtimeNotifications", false);
    try (MqttFixture node = new MqttFixture(config); PahoClient client = new PahoClient(node.port, "c1")) {
      JsonObject context = client.request(new JsonObject().put("controller", "echo").put("action", "whoami"), 0)
        .getJsonObject("result");

      assertThat(context.getValue("gateway")).isNull();
    }
  }

  @Test
  void start_whenDisabled_expectNothingListening() throws Exception {
    JsonObject config = new JsonObject().put("server", new JsonObject().put("protocols", new JsonObject()
      .put("mqtt", new JsonObject().put("enabled", false).put("host", "127.0.0.1").put("port", 0))));
    Vertx vertx = Vertx.vertx();
    try {
      KvxNode node = new KvxNode(config, ControllerRegistry.withCoreApi());

      vertx.deployVerticle(new MqttVerticle(node)).await(10, TimeUnit.SECONDS);

      assertThat(node.listeners()).doesNotContainKey("mqtt");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static Set<String> requestIds(PahoClient client, int count) throws InterruptedException {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      PahoClient.Received received = client.next();
      assertThat(received.topic()).isEqualTo(RESPONSES);
      ids.add(received.json().getString("requestId"));
    }
    return ids;
  }
}
