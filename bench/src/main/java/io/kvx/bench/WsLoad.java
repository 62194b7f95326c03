package io.kvx.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * WebSocket load from one event loop: opens its share of the connections (a bounded number of handshakes at a time),
 * then keeps {@code inflight} requests in flight on each, sending one more for every answer. With {@code inflight}
 * 0 the sockets stay idle (memory scenario). The request is Kuzzle's {@code server:now}; the send time travels in
 * the {@code requestId}, which both KVX and an echo server send back, so answers need no bookkeeping.
 */
final class WsLoad extends VerticleBase {

  static final String ID_FIELD = "\"requestId\":\"";
  private static final String REQUEST_HEAD = "{\"controller\":\"server\",\"action\":\"now\"," + ID_FIELD;
  private static final String REQUEST_TAIL = "\"}";
  private static final int PARALLEL_HANDSHAKES = 128;

  private final int port;
  private final int connections;
  private final int inflight;
  private final String expected;
  private final String requestHead;
  private final Meter meter;
  private WebSocketClient client;
  private int started;
  private int opened;

  /**
   * @param expected text every valid answer contains ({@code null}: any answer carrying a requestId is valid)
   * @param jwt the token every request carries, or {@code null} for anonymous requests
   */
  WsLoad(int port, int connections, int inflight, String expected, String jwt, Meter meter) {
    this(jwt == null ? REQUEST_HEAD : REQUEST_HEAD.replace("{", "{\"jwt\":\"" + jwt + "\","), port, connections,
      inflight, expected, meter);
  }

  /**
   * Load of another request: {@code requestHead} is its JSON up to the requestId's value, such as
   * {@code {"controller":"realtime","action":"count","body":{"roomId":"r"},"requestId":"}.
   */
  static WsLoad sending(String requestHead, int port, int connections, int inflight, String expected, Meter meter) {
    return new WsLoad(requestHead, port, connections, inflight, expected, meter);
  }

  private WsLoad(String requestHead, int port, int connections, int inflight, String expected, Meter meter) {
    this.port = port;
    this.connections = connections;
    this.inflight = inflight;
    this.expected = expected;
    this.requestHead = requestHead;
    this.meter = meter;
  }

  /** Completes once every connection of this share is open. */
  @Override
  public Future<?> start() {
    client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxConnections(Math.max(1, connections))
      .setTcpNoDelay(true)
      .setConnectTimeout(60_000));
    Promise<Void> all = Promise.promise();
    if (connections == 0) {
      all.complete();
    }
    for (int i = 0; i < Math.min(PARALLEL_HANDSHAKES, connections); i++) {
      openNext(all);
    }
    return all.future();
  }

  private void openNext(Promise<Void> all) {
    if (started >= connections) {
      return;
    }
    started++;
    WebSocketConnectOptions target = new WebSocketConnectOptions().setHost(Child.HOST).setPort(port).setURI("/");
    client.connect(target).onComplete(connected -> {
      if (connected.failed()) {
        all.tryFail(connected.cause());
        return;
      }
      pump(connected.result());
      if (++opened == connections) {
        all.tryComplete();
      } else {
        openNext(all);
      }
    });
  }

  private void pump(WebSocket socket) {
    socket.closeHandler(closed -> {
      if (!meter.stopped()) {
        meter.failed();
      }
    });
    socket.exceptionHandler(failure -> meter.failed());
    socket.textMessageHandler(text -> {
      long sent = sentAt(text);
      if (sent < 0 || expected != null && !text.contains(expected)) {
        meter.failed();
      } else {
        meter.answered(sent);
      }
      send(socket);
    });
    for (int i = 0; i < inflight; i++) {
      send(socket);
    }
  }

  private void send(WebSocket socket) {
    if (!meter.stopped()) {
      socket.writeTextMessage(requestHead + System.nanoTime() + REQUEST_TAIL);
    }
  }

  /** The send time carried by an answer's requestId, or -1. */
  static long sentAt(String text) {
    int start = text.indexOf(ID_FIELD);
    if (start < 0) {
      return -1;
    }
    start += ID_FIELD.length();
    int end = text.indexOf('"', start);
    if (end < 0) {
      return -1;
    }
    try {
      return Long.parseLong(text, start, end, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public Future<?> stop() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
