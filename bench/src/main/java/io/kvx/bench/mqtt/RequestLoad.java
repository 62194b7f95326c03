package io.kvx.bench.mqtt;

import io.kvx.bench.LoadResult;
import io.kvx.bench.Meter;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.messages.MqttPublishMessage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kuzzle requests over MQTT, from one event loop: each client subscribes to {@code Kuzzle/response} at QoS 0, then
 * keeps {@code inflight} requests published on {@code Kuzzle/request} (QoS 0) and sends one more for every
 * response. The send time travels in the requestId, which the response carries back; a response without
 * {@code "status":200} counts as an error.
 */
final class RequestLoad extends VerticleBase {

  /** The requests measured: {@code server:now} and {@code document:create}. */
  enum Action {
    NOW("server:now", "{\"controller\":\"server\",\"action\":\"now\"," + Mqtt.ID_FIELD, "\"}"),
    CREATE("document:create", "{\"controller\":\"document\",\"action\":\"create\",\"index\":\"" + INDEX
      + "\",\"collection\":\"" + COLLECTION + "\"," + Mqtt.ID_FIELD,
      "\",\"body\":{\"name\":\"a document of realistic size\",\"count\":42,\"tags\":[\"mqtt\",\"bench\"]}}");

    private final String label;
    private final String head;
    private final String tail;

    Action(String label, String head, String tail) {
      this.label = label;
      this.head = head;
      this.tail = tail;
    }

    String label() {
      return label;
    }

    Buffer request(long nanos) {
      return Buffer.buffer(head + nanos + tail);
    }
  }

  static final String INDEX = "bench";
  static final String COLLECTION = "mqtt";
  private static final long CONNECT_TIMEOUT_S = 120;
  private static final long CLOSE_TIMEOUT_S = 30;

  private final int port;
  private final String prefix;
  private final int clients;
  private final int inflight;
  private final Action action;
  private final Meter meter;
  private List<MqttSession> sessions = List.of();

  private RequestLoad(int port, String prefix, int clients, int inflight, Action action, Meter meter) {
    this.port = port;
    this.prefix = prefix;
    this.clients = clients;
    this.inflight = inflight;
    this.action = action;
    this.meter = meter;
  }

  /** Creates the index and the collection that {@code document:create} writes to. */
  static void prepare(Broker broker) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      MqttSession admin = new MqttSession(vertx, "bench-admin");
      JsonObject index = new JsonObject().put("index", INDEX);
      admin.connect(broker.port())
        .compose(connected -> admin.call(index.copy().put("controller", "index").put("action", "create")))
        .compose(created -> admin.call(index.copy().put("controller", "collection").put("action", "create")
          .put("collection", COLLECTION)))
        .compose(created -> admin.close())
        .await(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  /** Runs the load of {@code action} against {@code broker} and measures it. */
  static LoadResult run(Broker broker, MqttBenchOptions options, Action action, Path recording) throws Exception {
    Meter meter = new Meter();
    return Mqtt.drive(meter, i -> new RequestLoad(broker.port(), action.name().toLowerCase() + "-" + i,
        Mqtt.shareOf(options.clients(), i), options.inflight(), action, meter),
      generator -> Window.measure(meter, broker, options, "requests", recording));
  }

  /** Completes once every client is connected and subscribed; each starts sending as soon as it is. */
  @Override
  public Future<?> start() {
    return Mqtt.open(vertx, port, prefix, clients, (index, session) -> pump(session))
      .onSuccess(opened -> sessions = opened);
  }

  private Future<?> pump(MqttSession session) {
    session.onMessage(message -> answered(session, message)).onClose(closed -> {
      if (!meter.stopped()) {
        meter.failed();
      }
    });
    return session.subscribe(Mqtt.RESPONSES, MqttQoS.AT_MOST_ONCE).onSuccess(subscribed -> {
      for (int i = 0; i < inflight; i++) {
        send(session);
      }
    });
  }

  private void answered(MqttSession session, MqttPublishMessage message) {
    String text = message.payload().toString(StandardCharsets.UTF_8);
    long sent = Mqtt.sentAt(text);
    if (sent < 0 || !text.contains(Mqtt.SUCCESS)) {
      meter.failed();
    } else {
      meter.answered(sent);
    }
    send(session);
  }

  private void send(MqttSession session) {
    if (!meter.stopped()) {
      session.publish(Mqtt.REQUESTS, action.request(System.nanoTime()), MqttQoS.AT_MOST_ONCE);
    }
  }

  @Override
  public Future<?> stop() {
    return Future.join(sessions.stream().map(MqttSession::close).toList());
  }
}
