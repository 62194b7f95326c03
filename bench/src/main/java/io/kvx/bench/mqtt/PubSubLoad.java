package io.kvx.bench.mqtt;

import io.kvx.bench.LoadResult;
import io.kvx.bench.Meter;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.messages.MqttPublishMessage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plain MQTT publish/subscribe, the same against KVX (with {@code allowPubSub}) and against Mosquitto: pairs of one
 * publisher and one subscriber, each pair on a topic of its own, so that every message is routed once and delivered
 * once. Both legs use the QoS under test (a QoS 1 publish is acknowledged by the broker, a QoS 1 delivery by the
 * subscriber). A message starts with its send time in decimal, padded to the payload size.
 *
 * <p>Each pair keeps {@code window} messages outstanding (published, not yet delivered) and publishes one more for
 * every delivery, so that the broker is never asked to queue more than that. A pair that makes no progress for a
 * second counts its outstanding messages as lost (errors) and starts again.
 */
final class PubSubLoad extends VerticleBase {

  private static final long STALL_CHECK_MS = 1_000;

  private final int port;
  private final int first;
  private final MqttQoS qos;
  private final int window;
  private final byte[] padding;
  private final Meter meter;
  private final Pair[] running;

  private PubSubLoad(int port, int first, int pairs, MqttQoS qos, MqttBenchOptions options, Meter meter) {
    this.port = port;
    this.first = first;
    this.running = new Pair[pairs];
    this.qos = qos;
    this.window = options.window();
    this.padding = new byte[options.payloadBytes()];
    Arrays.fill(padding, (byte) 'x');
    this.meter = meter;
  }

  /** Runs the pairs at {@code qos} against {@code broker} and measures the deliveries. */
  static LoadResult run(Broker broker, MqttBenchOptions options, MqttQoS qos, Path recording) throws Exception {
    Meter meter = new Meter();
    return Mqtt.drive(meter, i -> new PubSubLoad(broker.port(), Mqtt.firstOf(options.pairs(), i),
        Mqtt.shareOf(options.pairs(), i), qos, options, meter),
      generator -> Window.measure(meter, broker, options, "messages", recording));
  }

  /** Completes once every pair is connected and subscribed; then the pairs start publishing. */
  @Override
  public Future<?> start() {
    String prefix = "q" + qos.value() + "-" + first;
    return Mqtt.open(vertx, port, prefix + "-sub", running.length, (index, session) -> {
      running[index] = new Pair(topic(first + index), session);
      return session.subscribe(running[index].topic, qos);
    }).compose(subscribed -> Mqtt.open(vertx, port, prefix + "-pub", running.length, (index, session) -> {
      running[index].publisher = session;
      return Future.succeededFuture();
    })).onSuccess(ready -> {
      for (Pair pair : running) {
        pump(pair);
      }
      vertx.setPeriodic(STALL_CHECK_MS, tick -> {
        for (Pair pair : running) {
          unstall(pair);
        }
      });
    });
  }

  private static String topic(int pair) {
    return "bench/pair/" + pair;
  }

  private void pump(Pair pair) {
    while (!meter.stopped() && pair.outstanding() < window) {
      pair.sent++;
      Buffer payload = Buffer.buffer(padding.length).appendString(Long.toString(System.nanoTime()))
        .appendByte((byte) ' ');
      payload.appendBytes(padding, 0, Math.max(0, padding.length - payload.length()));
      pair.publisher.publish(pair.topic, payload, qos).onFailure(failure -> meter.failed());
    }
  }

  private void delivered(Pair pair, MqttPublishMessage message) {
    long sent = Mqtt.sentAt(message.payload());
    if (sent < 0) {
      meter.failed();
    } else {
      meter.answered(sent);
    }
    pair.received++;
    pump(pair);
  }

  /** Counts what a pair that made no progress since the previous check has outstanding as lost, and restarts it. */
  private void unstall(Pair pair) {
    if (pair.received == pair.checked && pair.outstanding() > 0 && !meter.stopped()) {
      for (long lost = pair.outstanding(); lost > 0; lost--) {
        meter.failed();
      }
      pair.writtenOff = pair.sent - pair.received;
      pump(pair);
    }
    pair.checked = pair.received;
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> closed = new ArrayList<>();
    for (Pair pair : running) {
      if (pair == null) {
        continue;
      }
      closed.add(pair.subscriber.close());
      if (pair.publisher != null) {
        closed.add(pair.publisher.close());
      }
    }
    return Future.join(closed);
  }

  /** One topic, its subscriber and its publisher, and the messages sent, delivered and lost so far. */
  private final class Pair {
    private final String topic;
    private final MqttSession subscriber;
    private MqttSession publisher;
    private long sent;
    private long received;
    private long checked;
    /** Messages counted as lost; should they arrive after all, the pair may have that many more outstanding. */
    private long writtenOff;

    Pair(String topic, MqttSession subscriber) {
      this.topic = topic;
      this.subscriber = subscriber;
      subscriber.onMessage(message -> delivered(this, message)).onClose(closed -> meter.failed());
    }

    long outstanding() {
      return sent - received - writtenOff;
    }
  }
}
