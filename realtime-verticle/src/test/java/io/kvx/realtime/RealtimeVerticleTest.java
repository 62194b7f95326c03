package io.kvx.realtime;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.Delivery;
import io.kvx.core.bus.NodeDelivery;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.Pipeline;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realtime verticle on a real Vert.x, driven through the request pipeline. Two gateway addresses record the
 * {@link Delivery} messages they receive, as gateway instances would before writing to their connections.
 */
class RealtimeVerticleTest {

  private static final String GATEWAY_A = Addresses.gateway("knode-test", "a");
  private static final String GATEWAY_B = Addresses.gateway("knode-test", "b");

  private Vertx vertx;
  private Pipeline pipeline;
  private final BlockingQueue<Received> deliveries = new LinkedBlockingQueue<>();

  private record Received(String gateway, Delivery delivery) {
    JsonObject notification() {
      return delivery.notification();
    }
  }

  @BeforeEach
  void start() throws Exception {
    start(new JsonObject());
  }

  private void start(JsonObject config) throws Exception {
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    deliveries.clear();
    vertx = Vertx.vertx();
    KvxNode node = new KvxNode(config, ControllerRegistry.withCoreApi());
    pipeline = new Pipeline(vertx, node);
    for (String gateway : List.of(GATEWAY_A, GATEWAY_B)) {
      vertx.eventBus().<Delivery>consumer(gateway, m -> deliveries.add(new Received(gateway, m.body())));
    }
    // The gateways' node is not the realtime verticle's: notifications reach it as one message to hand out.
    vertx.eventBus().<NodeDelivery>consumer(Addresses.gatewayNodeAddress("knode-test"),
      message -> message.body().dispatch(vertx.eventBus()));
    vertx.deployVerticle(new RealtimeVerticle("node-1"), new DeploymentOptions().setConfig(config))
      .await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void subscribe_whenEquivalentFilters_expectOneRoomAndChannelPerOptions() throws Exception {
    JsonObject first = ok(call("c1", GATEWAY_A, subscribe("{\"equals\":{\"a\":1}}")));
    JsonObject same = ok(call("c2", GATEWAY_A, subscribe("{\"and\":[{\"equals\":{\"a\":1}}]}")));
    JsonObject other = ok(call("c2", GATEWAY_A, subscribe("{\"equals\":{\"a\":1}}").put("scope", "in")
      .put("users", "all")));

    assertThat(first.getString("roomId")).hasSize(64).isEqualTo(same.getString("roomId"))
      .isEqualTo(other.getString("roomId"));
    assertThat(first.getString("channel")).isEqualTo(first.getString("roomId") + "-311");
    assertThat(other.getString("channel")).isEqualTo(first.getString("roomId") + "-112");
    assertThat(ok(call("c3", GATEWAY_A, request("count").put("body", roomBody(first)))).getInteger("count"))
      .isEqualTo(2);
  }

  @Test
  void change_whenDocumentCreatedUpdatedAndDeleted_expectInThenOutNotifications() throws Exception {
    JsonObject room = ok(call("c1", GATEWAY_A, subscribe("{\"range\":{\"n\":{\"gte\":10}}}")));

    change("create", null, new JsonObject().put("n", 12));
    change("update", new JsonObject().put("n", 12), new JsonObject().put("n", 3).put("x", true));
    change("update", new JsonObject().put("n", 3), new JsonObject().put("n", 4));
    change("replace", new JsonObject().put("n", 4), new JsonObject().put("n", 40)
      .put("_kuzzle_info", new JsonObject().put("author", "-1")));
    change("delete", new JsonObject().put("n", 40), null);

    List<JsonObject> received = notifications(4);
    assertThat(received).extracting(n -> n.getString("action") + "/" + n.getString("scope"))
      .containsExactly("create/in", "update/out", "replace/in", "delete/out");
    assertThat(received).allSatisfy(n -> {
      assertThat(n.getString("room")).isEqualTo(room.getString("channel"));
      assertThat(n.getString("type")).isEqualTo("document");
      assertThat(n.getString("node")).isEqualTo("node-1");
      assertThat(n.getJsonObject("volatile").getString("tag")).isEqualTo("writer");
    });
    assertThat(received.get(1).getJsonObject("result").getJsonArray("_updatedFields"))
      .isEqualTo(new JsonArray().add("n").add("x"));
    assertThat(received.get(2).getJsonObject("result").getJsonObject("_source"))
      .isEqualTo(new JsonObject().put("n", 40));
    assertThat(received.get(3).getString("event")).isEqualTo("delete");
    assertThat(deliveries.poll(100, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void change_whenChannelsHaveScopes_expectEachChannelOnlyItsScope() throws Exception {
    ok(call("c1", GATEWAY_A, subscribe("{\"equals\":{\"k\":\"v\"}}").put("scope", "out")));
    ok(call("c2", GATEWAY_B, subscribe("{\"equals\":{\"k\":\"v\"}}").put("scope", "none").put("users", "all")));
    assertThat(deliveries.poll(5, TimeUnit.SECONDS).notification().getString("type")).isEqualTo("user");

    change("create", null, new JsonObject().put("k", "v"));
    change("delete", new JsonObject().put("k", "v"), null);

    Received only = deliveries.poll(5, TimeUnit.SECONDS);
    assertThat(only.gateway()).isEqualTo(GATEWAY_A);
    assertThat(only.notification().getString("action")).isEqualTo("delete");
    assertThat(deliveries.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void users_whenSubscribersComeAndGo_expectCountsAndSubscriptionVolatile() throws Exception {
    JsonObject host = ok(call("c1", GATEWAY_A, subscribe("{}").put("users", "all")));
    deliveries.poll(5, TimeUnit.SECONDS);
    ok(call("c2", GATEWAY_B, subscribe("{}").put("volatile", new JsonObject().put("nick", "bob"))));
    ok(call("c2", GATEWAY_B, subscribe("{}").put("scope", "in")));
    JsonObject in = deliveries.poll(5, TimeUnit.SECONDS).notification();
    vertx.eventBus().publish(Addresses.CONNECTION_CLOSED, new JsonObject().put("connectionId", "c2")
      .put("protocol", "websocket"));
    JsonObject out = deliveries.poll(5, TimeUnit.SECONDS).notification();

    assertThat(in.getString("user")).isEqualTo("in");
    assertThat(in.getJsonObject("result").getInteger("count")).isEqualTo(2);
    assertThat(in.getString("room")).isEqualTo(host.getString("channel"));
    assertThat(out.getString("user")).isEqualTo("out");
    assertThat(out.getString("action")).isEqualTo("unsubscribe");
    assertThat(out.getJsonObject("result").getInteger("count")).isEqualTo(1);
    assertThat(out.getJsonObject("volatile").getString("nick")).isEqualTo("bob");
    assertThat(deliveries.poll(100, TimeUnit.MILLISECONDS)).as("a second subscription is no second arrival")
      .isNull();
  }

  @Test
  void subscribe_whenConnectionClosedBeforeTheRequestArrived_expectRefusedAndNothingKept() throws Exception {
    vertx.eventBus().publish(Addresses.CONNECTION_CLOSED, new JsonObject().put("connectionId", "late")
      .put("protocol", "websocket"));
    metrics();

    assertThat(errorId(call("late", GATEWAY_A, subscribe("{}")))).isEqualTo("api.process.connection_dropped");
    assertThat(metrics()).isEqualTo(new JsonObject().put("rooms", 0).put("subscriptions", 0));
  }

  @Test
  void unsubscribe_whenLastSubscriberLeaves_expectRoomFreed() throws Exception {
    JsonObject room = ok(call("c1", GATEWAY_A, subscribe("{\"equals\":{\"a\":1}}")));
    assertThat(metrics().getInteger("rooms")).isEqualTo(1);

    ok(call("c1", GATEWAY_A, request("unsubscribe").put("body", roomBody(room))));

    assertThat(metrics()).isEqualTo(new JsonObject().put("rooms", 0).put("subscriptions", 0));
    assertThat(errorId(call("c1", GATEWAY_A, request("unsubscribe").put("body", roomBody(room)))))
      .isEqualTo("core.realtime.not_subscribed");
    assertThat(errorId(call("c1", GATEWAY_A, request("join").put("body", roomBody(room)))))
      .isEqualTo("core.realtime.room_not_found");
  }

  @Test
  void change_whenRoomHasThousandsOfSubscribers_expectEachOnceInBoundedDeliveries() throws Exception {
    int subscribers = 2_000;
    for (int i = 0; i < subscribers; i++) {
      ok(call("c" + i, i % 2 == 0 ? GATEWAY_A : GATEWAY_B, subscribe("{\"exists\":\"f\"}")));
    }

    change("create", null, new JsonObject().put("f", 1));

    Set<String> reached = new HashSet<>();
    int messages = 0;
    while (reached.size() < subscribers) {
      Received received = deliveries.poll(5, TimeUnit.SECONDS);
      assertThat(received).as("deliveries stopped after %d connections", reached.size()).isNotNull();
      assertThat(received.delivery().connectionIds()).hasSizeLessThanOrEqualTo(Notifier.CHUNK);
      for (String id : received.delivery().connectionIds()) {
        assertThat(reached.add(id)).as("connection %s notified twice", id).isTrue();
      }
      messages++;
    }
    assertThat(messages).isLessThanOrEqualTo(2 * (subscribers / 2 / Notifier.CHUNK + 1));
  }

  @Test
  void publish_whenMessageMatches_expectPublishNotificationAndNothingElse() throws Exception {
    ok(call("c1", GATEWAY_A, subscribe("{\"ids\":{\"values\":[\"m1\"]}}")));

    JsonObject result = ok(call("c2", null, request("publish").put("index", "idx").put("collection", "coll")
      .put("_id", "m1")
      .put("body", new JsonObject().put("text", "hello"))));

    assertThat(result).isEqualTo(new JsonObject().put("published", true));
    JsonObject notification = deliveries.poll(5, TimeUnit.SECONDS).notification();
    assertThat(notification.getString("controller")).isEqualTo("realtime");
    assertThat(notification.getString("action")).isEqualTo("publish");
    assertThat(notification.getJsonObject("result").getString("_id")).isEqualTo("m1");
    assertThat(notification.getJsonObject("result").getJsonObject("_source").getString("text")).isEqualTo("hello");
    assertThat(notification.getJsonObject("result").getJsonObject("_source").getJsonObject("_kuzzle_info")
      .getString("author")).isEqualTo("-1");
  }

  @Test
  void subscribe_whenBadInput_expectCataloguedErrors() throws Exception {
    assertThat(errorId(call("c1", null, subscribe("{}")))).isEqualTo("api.assert.unsupported_protocol");
    assertThat(errorId(call("c1", GATEWAY_A, subscribe("{\"equals\":{\"a\":[1]}}"))))
      .isEqualTo("api.assert.koncorde_dsl_error");
    assertThat(errorId(call("c1", GATEWAY_A, subscribe("{}").put("users", "some"))))
      .isEqualTo("core.realtime.invalid_users");
    assertThat(errorId(call("c1", GATEWAY_A, request("subscribe").put("index", "i"))))
      .isEqualTo("api.assert.missing_argument");
    assertThat(errorId(call("c1", GATEWAY_A, request("count")))).isEqualTo("api.assert.body_required");
  }

  @Test
  void subscribe_whenLimitsReached_expectTooManyRoomsAndTooComplex() throws Exception {
    start(new JsonObject().put("limits", new JsonObject().put("subscriptionRooms", 2)
      .put("subscriptionConditionsCount", 2)));
    ok(call("c1", GATEWAY_A, subscribe("{\"equals\":{\"a\":1}}")));
    ok(call("c1", GATEWAY_A, subscribe("{\"equals\":{\"a\":2}}")));

    assertThat(errorId(call("c1", GATEWAY_A, subscribe("{\"equals\":{\"a\":3}}"))))
      .isEqualTo("core.realtime.too_many_rooms");
    assertThat(ok(call("c2", GATEWAY_A, subscribe("{\"equals\":{\"a\":2}}")))).isNotNull();
    assertThat(errorId(call("c1", GATEWAY_A,
      subscribe("{\"and\":[{\"equals\":{\"a\":1}},{\"equals\":{\"b\":1}},{\"equals\":{\"c\":1}}]}"))))
      .isEqualTo("api.assert.koncorde_dsl_error");
  }

  @Test
  void list_whenRoomsOnSeveralCollections_expectCountsByIndexAndCollection() throws Exception {
    JsonObject room = ok(call("c1", GATEWAY_A, subscribe("{}")));
    ok(call("c2", GATEWAY_A, subscribe("{}")));
    ok(call("c2", GATEWAY_A, subscribe("{}").put("collection", "other")));

    JsonObject list = ok(call("c3", null, request("list")));

    assertThat(list.getJsonObject("idx").getJsonObject("coll").getInteger(room.getString("roomId"))).isEqualTo(2);
    assertThat(list.getJsonObject("idx").getJsonObject("other")).hasSize(1);
  }

  private void change(String kind, JsonObject before, JsonObject after) {
    vertx.eventBus().publish(Addresses.DOCUMENT_CHANGES, new JsonObject()
      .put("index", "idx").put("collection", "coll").put("_id", "d1").put("_version", 1).put("change", kind)
      .put("action", kind).put("controller", "document").put("before", before).put("after", after)
      .put("requestId", "r1").put("timestamp", 1L).put("protocol", "websocket").put("user", "-1")
      .put("volatile", new JsonObject().put("tag", "writer")));
  }

  private List<JsonObject> notifications(int count) throws InterruptedException {
    List<JsonObject> received = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Received next = deliveries.poll(5, TimeUnit.SECONDS);
      assertThat(next).as("notification %d of %d", i + 1, count).isNotNull();
      received.add(next.notification());
    }
    return received;
  }

  private JsonObject metrics() throws Exception {
    return vertx.eventBus().<JsonObject>request(Addresses.REALTIME_METRICS, new JsonObject())
      .await(5, TimeUnit.SECONDS).body();
  }

  private static JsonObject request(String action) {
    return new JsonObject().put("controller", "realtime").put("action", action);
  }

  private static JsonObject subscribe(String filter) {
    return request("subscribe").put("index", "idx").put("collection", "coll").put("body", new JsonObject(filter));
  }

  private static JsonObject roomBody(JsonObject subscribed) {
    return new JsonObject().put("roomId", subscribed.getString("roomId"));
  }

  /** Runs a request from a connection held by {@code gateway} (null: a connection that cannot be notified). */
  private JsonObject call(String connectionId, String gateway, JsonObject envelope) throws Exception {
    Protocol protocol = gateway == null ? Protocol.HTTP : Protocol.WEBSOCKET;
    KuzzleRequest request = new KuzzleRequest(envelope, protocol);
    KuzzleResponse response = pipeline.execute(request, new RequestContext(connectionId, protocol, gateway, null,
      User.ANONYMOUS)).await(10, TimeUnit.SECONDS);
    return response.toEnvelope(request, "n", null);
  }

  private static JsonObject ok(JsonObject envelope) {
    assertThat(envelope.getValue("error")).as("error of %s", envelope).isNull();
    return envelope.getJsonObject("result");
  }

  private static String errorId(JsonObject envelope) {
    JsonObject error = envelope.getJsonObject("error");
    return error == null ? null : error.getString("id");
  }
}
