package io.kvx.realtime;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.Delivery;
import io.kvx.core.bus.NodeDelivery;
import io.kvx.core.cluster.ClusterView;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.Pipeline;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several realtime verticles on one event bus, each believing it is a node of the same cluster (a view of the
 * cluster that the test controls), as the realtime nodes of a real cluster are: the controller's requests and the
 * change events reach them the way they would across nodes.
 */
class ReplicasTest {

  private static final String GATEWAY = Addresses.gateway("knode-gw", "a");

  private final FakeCluster cluster = new FakeCluster();
  private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
  private final Map<String, String> deployments = new ConcurrentHashMap<>();
  private Vertx vertx;
  private Pipeline pipeline;

  /** A cluster view whose members the test sets, and whose departures it announces. */
  private static final class FakeCluster implements ClusterView {
    final List<Node> nodes = new CopyOnWriteArrayList<>();
    final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public List<Node> nodes() {
      return nodes.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    @Override
    public boolean clustered() {
      return true;
    }

    @Override
    public void onLeft(Consumer<String> listener) {
      listeners.add(listener);
    }

    void leave(String id) {
      nodes.removeIf(node -> node.id().equals(id));
      listeners.forEach(listener -> listener.accept(id));
    }
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    pipeline = new Pipeline(vertx, new KvxNode(new JsonObject(), ControllerRegistry.withCoreApi()));
    vertx.eventBus().<Delivery>consumer(GATEWAY, message -> deliveries.add(message.body()));
    // The gateway node's own address, where notifications from the realtime nodes (other nodes) arrive.
    vertx.eventBus().<NodeDelivery>consumer(Addresses.gatewayNodeAddress("knode-gw"),
      message -> message.body().dispatch(vertx.eventBus()));
    cluster.nodes.add(new ClusterView.Node("knode-gw", Set.of("gateway")));
    deploy("rt-a");
    deploy("rt-b");
  }

  private void deploy(String id) throws Exception {
    cluster.nodes.add(new ClusterView.Node(id, Set.of("realtime")));
    deployments.put(id, vertx.deployVerticle(new RealtimeVerticle(id, cluster), new DeploymentOptions()
      .setConfig(new JsonObject())).await(10, TimeUnit.SECONDS));
  }

  private void kill(String id) throws Exception {
    vertx.undeploy(deployments.remove(id)).await(10, TimeUnit.SECONDS);
    cluster.leave(id);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void everyNodeCountsEverySubscription_whicheverNodeTookIt() throws Exception {
    String room = subscribeAll(6, "{\"equals\":{\"color\":\"red\"}}");
    for (int i = 0; i < 6; i++) {
      assertThat(count(room)).isEqualTo(6);
    }
    for (int i = 0; i < 3; i++) {
      ok(call("c" + i, request("unsubscribe").put("body", new JsonObject().put("roomId", room))));
    }
    for (int i = 0; i < 6; i++) {
      assertThat(count(room)).isEqualTo(3);
    }
  }

  @Test
  void eachChangeIsNotifiedOnce_byOneNode() throws Exception {
    subscribeAll(1, "{}");
    for (int i = 0; i < 40; i++) {
      change("doc-" + i);
    }
    Set<String> ids = new HashSet<>();
    Set<String> nodes = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      Delivery delivery = deliveries.poll(5, TimeUnit.SECONDS);
      assertThat(delivery).as("notification %d", i).isNotNull();
      assertThat(ids.add(delivery.notification().getJsonObject("result").getString("_id"))).isTrue();
      nodes.add(delivery.notification().getString("node"));
    }
    assertThat(deliveries.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(nodes).as("both nodes own a share of the documents").containsExactlyInAnyOrder("rt-a", "rt-b");
  }

  @Test
  void aNodeThatStartsCopiesTheRooms_andTheSurvivorsKeepThemWhenOthersDie() throws Exception {
    String room = subscribeAll(4, "{\"range\":{\"n\":{\"gte\":10}}}");
    deploy("rt-c");
    kill("rt-a");
    kill("rt-b");
    assertThat(count(room)).isEqualTo(4);
    change("doc-late");
    Delivery delivery = deliveries.poll(5, TimeUnit.SECONDS);
    assertThat(delivery.notification().getString("node")).isEqualTo("rt-c");
    assertThat(delivery.connectionIds()).containsExactlyInAnyOrder("c0", "c1", "c2", "c3");
    assertThat(deliveries.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void theConnectionsOfAGatewayNodeThatDiesLeaveTheirRooms() throws Exception {
    String room = subscribeAll(3, "{\"equals\":{\"color\":\"red\"}}");
    cluster.leave("knode-gw");
    long deadline = System.currentTimeMillis() + 5000;
    // Two counts, one from each node (the event bus takes turns).
    while (count(room) + count(room) != 0) {
      assertThat(System.currentTimeMillis()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private String subscribeAll(int connections, String filter) throws Exception {
    List<String> rooms = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      rooms.add(ok(call("c" + i, request("subscribe").put("index", "idx").put("collection", "coll")
        .put("body", new JsonObject(filter)))).getString("roomId"));
    }
    assertThat(new HashSet<>(rooms)).hasSize(1);
    return rooms.get(0);
  }

  private int count(String room) throws Exception {
    return ok(call("counter", request("count").put("body", new JsonObject().put("roomId", room))))
      .getInteger("count");
  }

  private void change(String id) {
    vertx.eventBus().publish(Addresses.DOCUMENT_CHANGES, new JsonObject()
      .put("index", "idx").put("collection", "coll").put("_id", id).put("_version", 1).put("change", "create")
      .put("action", "create").put("controller", "document").put("before", (Object) null)
      .put("after", new JsonObject().put("n", 12).put("color", "red")).put("requestId", "r-" + id)
      .put("timestamp", 1L).put("protocol", "websocket").put("user", "-1").put("volatile", new JsonObject()));
  }

  private static JsonObject request(String action) {
    return new JsonObject().put("controller", "realtime").put("action", action);
  }

  private JsonObject call(String connectionId, JsonObject envelope) throws Exception {
    KuzzleRequest request = new KuzzleRequest(envelope, Protocol.WEBSOCKET);
    KuzzleResponse response = pipeline.execute(request, new RequestContext(connectionId, Protocol.WEBSOCKET, GATEWAY,
      null, User.ANONYMOUS)).await(10, TimeUnit.SECONDS);
    return response.toEnvelope(request, "n", null);
  }

  private static JsonObject ok(JsonObject envelope) {
    assertThat(envelope.getValue("error")).as("error of %s", envelope).isNull();
    return envelope.getJsonObject("result");
  }
}
