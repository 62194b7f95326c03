package io.kvx.bench.mqtt;

import io.kvx.bench.Meter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** What the MQTT loads share: the address, the generator, the split of clients and the send time of a message. */
final class Mqtt {

  /** Brokers listen on loopback only. */
  static final String HOST = "127.0.0.1";
  static final String REQUESTS = "Kuzzle/request";
  static final String RESPONSES = "Kuzzle/response";
  static final String ID_FIELD = "\"requestId\":\"";
  /** Every Kuzzle answer that is not an error carries it. */
  static final String SUCCESS = "\"status\":200";
  /** Connections being opened at once by one generator verticle. */
  private static final int PARALLEL_CONNECTS = 64;
  private static final long CONNECT_TIMEOUT_S = 180;
  private static final long CLOSE_TIMEOUT_S = 30;

  private Mqtt() {
  }

  /** What runs while the load does; it may deploy more verticles on the generator. */
  interface Measurement<T> {
    T run(Vertx generator) throws Exception;
  }

  /**
   * Starts a fresh generator (one event loop per processor), deploys {@code load} for each event loop (given its
   * index) and waits until they are ready, runs {@code measurement}, then stops the meter and the generator.
   */
  static <T> T drive(Meter meter, IntFunction<VerticleBase> load, Measurement<T> measurement) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(verticles()));
    try {
      List<Future<String>> deployed = new ArrayList<>();
      for (int i = 0; i < verticles(); i++) {
        deployed.add(vertx.deployVerticle(load.apply(i)));
      }
      Future.all(deployed).await(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
      return measurement.run(vertx);
    } finally {
      meter.stop();
      vertx.close().await(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  /** A verticle deployed on the generator, once it is started. */
  static <V extends VerticleBase> V deploy(Vertx generator, V verticle) throws Exception {
    generator.deployVerticle(verticle).await(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
    return verticle;
  }

  static int verticles() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** How many of {@code total} items go to verticle {@code index}. */
  static int shareOf(int total, int index) {
    return firstOf(total, index + 1) - firstOf(total, index);
  }

  /** The first of {@code total} items that goes to verticle {@code index}: near-equal consecutive ranges. */
  static int firstOf(int total, int index) {
    return (int) ((long) total * index / verticles());
  }

  /** What to do with session {@code index} once it is connected: subscriptions and the like. */
  interface Prepare {
    Future<?> apply(int index, MqttSession session);
  }

  /**
   * Opens {@code count} sessions named {@code prefix-<i>} from the calling verticle, at most
   * {@link #PARALLEL_CONNECTS} at a time, and prepares each once connected. Completes with the sessions, in order,
   * once all are prepared.
   */
  static Future<List<MqttSession>> open(Vertx vertx, int port, String prefix, int count, Prepare prepare) {
    List<MqttSession> sessions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      sessions.add(new MqttSession(vertx, prefix + "-" + i));
    }
    Promise<List<MqttSession>> all = Promise.promise();
    int[] next = {0};
    int[] ready = {0};
    Runnable[] openNext = new Runnable[1];
    openNext[0] = () -> {
      if (next[0] >= count) {
        return;
      }
      int index = next[0]++;
      MqttSession session = sessions.get(index);
      session.connect(port).compose(connected -> prepare.apply(index, session)).onComplete(prepared -> {
        if (prepared.failed()) {
          all.tryFail(prepared.cause());
        } else if (++ready[0] == count) {
          all.tryComplete(sessions);
        } else {
          openNext[0].run();
        }
      });
    };
    if (count == 0) {
      all.complete(sessions);
    }
    for (int i = 0; i < Math.min(PARALLEL_CONNECTS, count); i++) {
      openNext[0].run();
    }
    return all.future();
  }

  /** The send time carried by a Kuzzle answer or notification's requestId, or -1. */
  static long sentAt(String text) {
    int start = text.indexOf(ID_FIELD);
    return start < 0 ? -1 : leadingNumber(text, start + ID_FIELD.length());
  }

  /** The send time a plain pub/sub message starts with, or -1. */
  static long sentAt(Buffer payload) {
    long value = 0;
    int length = payload.length();
    int i = 0;
    for (; i < length; i++) {
      byte b = payload.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
    }
    return i == 0 ? -1 : value;
  }

  private static long leadingNumber(String text, int start) {
    int end = start;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return end == start ? -1 : Long.parseLong(text, start, end, 10);
  }
}
