package io.kvx.bench.mqtt;

import io.kvx.bench.LoadResult;
import io.kvx.bench.Meter;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.messages.MqttPublishMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Realtime notifications to MQTT subscribers. Each subscriber sends {@code realtime:subscribe} (an empty filter on
 * one collection) on {@code Kuzzle/request}, then subscribes at QoS 0 to the channel topic of the response. One
 * publishing client sends {@code realtime:publish}; every subscriber gets each publication as a notification, whose
 * requestId carries the publication's send time.
 *
 * <p>First the publisher goes as fast as deliveries keep up (at most {@code 4 x subscribers} deliveries
 * outstanding), which gives the most notifications per second; then it publishes at half that message rate, evenly
 * paced, which gives the latency under a load the server sustains.
 */
final class NotificationLoad {

  /** Deliveries outstanding per subscriber when the publisher goes as fast as it can. */
  private static final long OUTSTANDING_PER_SUBSCRIBER = 4;
  private static final String COLLECTION = "notifications";
  private static final Logger LOG = LoggerFactory.getLogger(NotificationLoad.class);

  private NotificationLoad() {
  }

  /** Most notifications per second, and the latencies at half that rate. */
  record Result(LoadResult max, LoadResult half) {
  }

  static Result run(Broker broker, MqttBenchOptions options, Path recording) throws Exception {
    Meter meter = new Meter();
    AtomicLong delivered = new AtomicLong();
    int subscribers = options.subscribers();
    return Mqtt.drive(meter, i -> new Subscribers(broker.port(), "sub-" + i, Mqtt.shareOf(subscribers, i), meter,
      delivered), generator -> {
        LOG.info("  {} subscribers ready", subscribers);
        Publisher publisher = Mqtt.deploy(generator, new Publisher(broker.port(), meter));
        long window = OUTSTANDING_PER_SUBSCRIBER * subscribers;
        // Whole publications only: each one makes as many deliveries as there are subscribers.
        publisher.pace(elapsed -> Math.max(0, window - (publisher.published * subscribers - delivered.get()))
          / subscribers);
        LoadResult max = Window.measure(meter, broker, options, "notifications", recording);
        LOG.info("  {} publications so far, {} deliveries ({} subscribers)", publisher.published, delivered.get(),
          subscribers);
        double messagesPerSecond = max.perSecond() / subscribers;
        LOG.info("  then half of it: {} publications/s", String.format("%,.0f", messagesPerSecond / 2));
        publisher.pace(rate(messagesPerSecond / 2));
        return new Result(max, Window.measure(meter, broker, options, "notifications", null));
      });
  }

  /** An allowance of {@code perSecond} messages per second, evenly spread over the publisher's ticks. */
  private static Publisher.Allowance rate(double perSecond) {
    double[] credit = {0};
    return elapsedNanos -> {
      credit[0] += perSecond * elapsedNanos / 1e9;
      long whole = (long) credit[0];
      credit[0] -= whole;
      return whole;
    };
  }

  /** A share of the subscribers, on one event loop. */
  private static final class Subscribers extends VerticleBase {
    private final int port;
    private final String prefix;
    private final int count;
    private final Meter meter;
    private final AtomicLong delivered;
    private List<MqttSession> sessions = List.of();

    Subscribers(int port, String prefix, int count, Meter meter, AtomicLong delivered) {
      this.port = port;
      this.prefix = prefix;
      this.count = count;
      this.meter = meter;
      this.delivered = delivered;
    }

    @Override
    public Future<?> start() {
      return Mqtt.open(vertx, port, prefix, count, (index, session) -> subscribe(session))
        .onSuccess(opened -> sessions = opened);
    }

    private Future<?> subscribe(MqttSession session) {
      session.onMessage(this::notified).onClose(closed -> meter.failed());
      JsonObject request = new JsonObject().put("controller", "realtime").put("action", "subscribe")
        .put("index", RequestLoad.INDEX).put("collection", COLLECTION).put("body", new JsonObject());
      return session.call(request).compose(response -> session.subscribe(response.getJsonObject("result")
        .getString("channel"), MqttQoS.AT_MOST_ONCE));
    }

    private void notified(MqttPublishMessage message) {
      long sent = Mqtt.sentAt(message.payload().toString(StandardCharsets.UTF_8));
      if (sent < 0) {
        meter.failed();
      } else {
        meter.answered(sent);
        delivered.incrementAndGet();
      }
    }

    @Override
    public Future<?> stop() {
      return Future.join(sessions.stream().map(MqttSession::close).toList());
    }
  }

  /** One publishing client; every millisecond it sends what its {@link Allowance} grants. */
  private static final class Publisher extends VerticleBase {
    private static final long TICK_MS = 1;
    private static final String HEAD = "{\"controller\":\"realtime\",\"action\":\"publish\",\"index\":\""
      + RequestLoad.INDEX + "\",\"collection\":\"" + COLLECTION + "\"," + Mqtt.ID_FIELD;
    private static final String TAIL = "\",\"body\":{\"text\":\"a notification of realistic size\"}}";

    /** How many messages may go now, {@code elapsedNanos} after the previous tick. */
    interface Allowance {
      long now(long elapsedNanos);
    }

    private final int port;
    private final Meter meter;
    private MqttSession session;
    private long timer = -1;
    private long published;

    Publisher(int port, Meter meter) {
      this.port = port;
      this.meter = meter;
    }

    @Override
    public Future<?> start() {
      session = new MqttSession(vertx, "publisher");
      // Kuzzle answers each publication; anything but a success is an error.
      session.onMessage(message -> {
        if (!message.payload().toString(StandardCharsets.UTF_8).contains(Mqtt.SUCCESS)) {
          meter.failed();
        }
      });
      return session.connect(port).compose(connected -> session.subscribe(Mqtt.RESPONSES, MqttQoS.AT_MOST_ONCE));
    }

    /** Replaces the allowance of the running ticks. */
    void pace(Allowance allowance) {
      vertx.runOnContext(v -> {
        if (timer >= 0) {
          vertx.cancelTimer(timer);
        }
        long[] last = {System.nanoTime()};
        timer = vertx.setPeriodic(TICK_MS, tick -> {
          long now = System.nanoTime();
          long allowed = allowance.now(now - last[0]);
          last[0] = now;
          for (long i = 0; i < allowed && !meter.stopped(); i++) {
            session.publish(Mqtt.REQUESTS, Buffer.buffer(HEAD + System.nanoTime() + TAIL), MqttQoS.AT_MOST_ONCE);
            published++;
          }
        });
      });
    }

    @Override
    public Future<?> stop() {
      return session == null ? Future.succeededFuture() : session.close();
    }
  }
}
