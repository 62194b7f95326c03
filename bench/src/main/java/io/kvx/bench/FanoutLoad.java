package io.kvx.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The two sides of the notification scenarios. {@link Subscribers} open WebSockets that each join one room, then
 * record every notification they receive: its latency, from the publisher's send time carried in the
 * {@code requestId}, and its count. The {@link Publisher} publishes messages to the rooms in turn, either as fast as
 * the deliveries keep up (a bounded number of deliveries outstanding) or at a fixed rate.
 *
 * <p>Against KVX, a subscriber sends {@code realtime:subscribe} with the filter {@code {equals: {room: <n>}}} and
 * the publisher sends {@code realtime:publish} with the body {@code {room: <n>}}. Against the bare broadcast server,
 * a subscriber sends {@code S<n>} and the publisher {@code P<n>|<frame>}, which the server writes as is to the
 * sockets of room n.
 */
final class FanoutLoad {

  private static final String ID_FIELD = WsLoad.ID_FIELD;
  private static final int PARALLEL_HANDSHAKES = 128;

  private FanoutLoad() {
  }

  /** The subscription request for room {@code room}. */
  static String subscribe(boolean kvx, int room) {
    return kvx ? "{\"controller\":\"realtime\",\"action\":\"subscribe\",\"index\":\"bench\",\"collection\":\"fanout\","
      + "\"requestId\":\"subscribe\",\"body\":{\"equals\":{\"room\":" + room + "}}}" : "S" + room;
  }

  /** The publication of one message to room {@code room}, sent at {@code nanos}. */
  static String publish(boolean kvx, int room, long nanos) {
    String frame = "{\"controller\":\"realtime\",\"action\":\"publish\",\"index\":\"bench\",\"collection\":\"fanout\","
      + ID_FIELD + nanos + "\",\"body\":{\"room\":" + room + ",\"text\":\"a notification of realistic size\"}}";
    return kvx ? frame : "P" + room + "|" + frame;
  }

  /** A share of the subscribers: sockets {@code first} to {@code first + count - 1}, in room (socket % rooms). */
  static final class Subscribers extends VerticleBase {
    private final int port;
    private final boolean kvx;
    private final int first;
    private final int count;
    private final int rooms;
    private final Meter meter;
    private final AtomicLong delivered;
    private WebSocketClient client;
    private int started;
    private int ready;

    Subscribers(int port, boolean kvx, int first, int count, int rooms, Meter meter, AtomicLong delivered) {
      this.port = port;
      this.kvx = kvx;
      this.first = first;
      this.count = count;
      this.rooms = rooms;
      this.meter = meter;
      this.delivered = delivered;
    }

    /** Completes once every socket of the share is subscribed. */
    @Override
    public Future<?> start() {
      client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(Math.max(1, count))
        .setTcpNoDelay(true).setConnectTimeout(60_000));
      Promise<Void> all = Promise.promise();
      if (count == 0) {
        all.complete();
      }
      for (int i = 0; i < Math.min(PARALLEL_HANDSHAKES, count); i++) {
        openNext(all);
      }
      return all.future();
    }

    private void openNext(Promise<Void> all) {
      if (started >= count) {
        return;
      }
      int room = (first + started++) % rooms;
      client.connect(new WebSocketConnectOptions().setHost(Child.HOST).setPort(port).setURI("/"))
        .onComplete(connected -> {
          if (connected.failed()) {
            all.tryFail(connected.cause());
            return;
          }
          listen(connected.result(), room, all);
        });
    }

    private void listen(WebSocket socket, int room, Promise<Void> all) {
      boolean[] subscribed = {!kvx};
      socket.closeHandler(closed -> meter.failed());
      socket.textMessageHandler(text -> {
        if (!subscribed[0]) {
          if (!text.contains("\"roomId\"")) {
            all.tryFail(new IllegalStateException("subscription refused: " + text));
            return;
          }
          subscribed[0] = true;
          subscribedOne(all);
          return;
        }
        long sent = WsLoad.sentAt(text);
        if (sent < 0) {
          meter.failed();
        } else {
          meter.answered(sent);
          delivered.incrementAndGet();
        }
      });
      socket.writeTextMessage(subscribe(kvx, room));
      if (!kvx) {
        // The bare server does not answer a subscription; a ping round trip proves it was read.
        socket.writePing(Buffer.buffer("s"));
        socket.pongHandler(pong -> subscribedOne(all));
      }
    }

    private void subscribedOne(Promise<Void> all) {
      if (++ready == count) {
        all.tryComplete();
      } else {
        openNext(all);
      }
    }

    @Override
    public Future<?> stop() {
      return client == null ? Future.succeededFuture() : client.close();
    }
  }

  /**
   * One publishing socket. In closed loop it keeps at most {@code window} deliveries outstanding (published to
   * subscribers but not yet received by them); at a fixed rate it sends {@code rate} messages per second whatever
   * happens.
   */
  static final class Publisher extends VerticleBase {
    private static final long TICK_MS = 1;

    private final int port;
    private final boolean kvx;
    private final int rooms;
    private final int subscribersPerRoom;
    private final AtomicLong delivered;
    private final Meter meter;
    private WebSocketClient client;
    private WebSocket socket;
    private long timer = -1;
    private long published;
    private int nextRoom;
    private double credit;

    Publisher(int port, boolean kvx, int rooms, int subscribersPerRoom, AtomicLong delivered, Meter meter) {
      this.port = port;
      this.kvx = kvx;
      this.rooms = rooms;
      this.subscribersPerRoom = subscribersPerRoom;
      this.delivered = delivered;
      this.meter = meter;
    }

    @Override
    public Future<?> start() {
      client = vertx.createWebSocketClient(new WebSocketClientOptions().setTcpNoDelay(true));
      return client.connect(new WebSocketConnectOptions().setHost(Child.HOST).setPort(port).setURI("/"))
        .onSuccess(connected -> {
          socket = connected;
          // KVX answers each publication; anything but a success is an error.
          socket.textMessageHandler(text -> {
            if (!text.contains(LoadScenario.KVX_SUCCESS)) {
              meter.failed();
            }
          });
        });
    }

    /** Publishes as fast as deliveries keep up, with at most {@code window} deliveries outstanding. */
    void closedLoop(long window) {
      vertx.runOnContext(v -> {
        cancel();
        timer = vertx.setPeriodic(TICK_MS, t -> {
          while (!meter.stopped() && published * subscribersPerRoom - delivered.get() < window) {
            sendOne();
          }
        });
      });
    }

    /** Publishes {@code perSecond} messages per second, at an even pace. */
    void fixedRate(double perSecond) {
      vertx.runOnContext(v -> {
        cancel();
        credit = 0;
        timer = vertx.setPeriodic(TICK_MS, t -> {
          credit += perSecond * TICK_MS / 1000.0;
          while (!meter.stopped() && credit >= 1) {
            credit--;
            sendOne();
          }
        });
      });
    }

    private void sendOne() {
      socket.writeTextMessage(publish(kvx, nextRoom, System.nanoTime()));
      nextRoom = (nextRoom + 1) % rooms;
      published++;
    }

    private void cancel() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    @Override
    public Future<?> stop() {
      cancel();
      return client == null ? Future.succeededFuture() : client.close();
    }
  }
}
