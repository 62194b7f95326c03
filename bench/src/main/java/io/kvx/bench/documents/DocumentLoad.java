package io.kvx.bench.documents;

import io.kvx.bench.Meter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Document requests from one event loop: opens its share of the WebSockets, then keeps {@code inflight} requests in
 * flight on each, sending one more for every answer. The send time travels in the {@code requestId}, which KVX sends
 * back, so answers need no bookkeeping. An answer counts when its status is 200 and, for {@code mCreate}, no
 * document failed.
 */
final class DocumentLoad extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DocumentLoad.class);
  private static final String ID_FIELD = "\"requestId\":\"";
  private static final String SUCCESS = "\"status\":200";
  private static final String NO_ERRORS = "\"errors\":[]";
  private static final AtomicBoolean FIRST_ERROR_SHOWN = new AtomicBoolean();

  private final int port;
  private final int connections;
  private final int inflight;
  private final Requests requests;
  private final Meter meter;
  private final LongAdder answers;
  private WebSocketClient client;
  private int opened;

  DocumentLoad(int port, int connections, int inflight, Requests requests, Meter meter, LongAdder answers) {
    this.port = port;
    this.connections = connections;
    this.inflight = inflight;
    this.requests = requests;
    this.meter = meter;
    this.answers = answers;
  }

  /** Completes once every connection of this share is open. */
  @Override
  public Future<?> start() {
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(Math.max(1, connections))
      .setTcpNoDelay(true).setMaxFrameSize(1 << 24).setMaxMessageSize(1 << 26).setConnectTimeout(60_000));
    Promise<Void> all = Promise.promise();
    if (connections == 0) {
      all.complete();
    }
    for (int i = 0; i < connections; i++) {
      client.connect(new WebSocketConnectOptions().setHost(KvxJar.HOST).setPort(port).setURI("/"))
        .onFailure(all::tryFail)
        .onSuccess(socket -> {
          pump(socket);
          if (++opened == connections) {
            all.tryComplete();
          }
        });
    }
    return all.future();
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
      if (sent < 0 || !text.contains(SUCCESS) || requests.batched() && !text.contains(NO_ERRORS)) {
        meter.failed();
        if (FIRST_ERROR_SHOWN.compareAndSet(false, true)) {
          LOG.warn("  first failed answer: {}", text.length() > 500 ? text.substring(0, 500) + "..." : text);
        }
      } else {
        meter.answered(sent);
        answers.increment();
      }
      send(socket);
    });
    for (int i = 0; i < inflight; i++) {
      send(socket);
    }
  }

  private void send(WebSocket socket) {
    if (!meter.stopped()) {
      socket.writeTextMessage(requests.next(System.nanoTime()));
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
    try {
      return end < 0 ? -1 : Long.parseLong(text, start, end, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public Future<?> stop() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
