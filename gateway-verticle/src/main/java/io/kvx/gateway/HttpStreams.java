package io.kvx.gateway;

import io.kvx.core.bus.Chunk;
import io.kvx.core.bus.ResponseStreams;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Sends the body of a stream response ({@link ResponseStreams}) as a chunked HTTP response. A chunk is pulled from
 * the stream only once the previous one is in the connection's write queue and the queue is not full, so a slow
 * client slows the producer down instead of filling memory. A failure before the first chunk is answered as a
 * Kuzzle error; after the headers are sent, the connection is closed, which the client sees as a truncated
 * download. A client that goes away cancels the stream.
 *
 * <p>Limitation: the pipeline's throttle slot is released once the stream response is out, so the number of
 * downloads running at once is not bounded by {@code limits.concurrentRequests}; a count of open streams per node
 * would bound it.
 */
final class HttpStreams {

  private static final Logger LOG = LoggerFactory.getLogger(HttpStreams.class);

  private final Vertx vertx;
  private final long pullTimeoutMillis;

  HttpStreams(Vertx vertx, long pullTimeoutMillis) {
    this.vertx = vertx;
    this.pullTimeoutMillis = pullTimeoutMillis;
  }

  /**
   * Streams the body at {@code address} to the response of {@code request}.
   *
   * @param head sets the status and headers, just before the first chunk is written
   * @param early answers a failure that happened before anything was written
   */
  void send(HttpServerRequest request, String address, Consumer<HttpServerResponse> head,
      Consumer<KuzzleError> early) {
    new Transfer(request, address, head, early).start();
  }

  /** One response being streamed; confined to the request's event loop. */
  private final class Transfer {

    private final HttpServerRequest request;
    private final HttpServerResponse http;
    private final String address;
    private final Consumer<HttpServerResponse> head;
    private final Consumer<KuzzleError> early;
    private boolean started;
    private boolean finished;

    Transfer(HttpServerRequest request, String address, Consumer<HttpServerResponse> head,
        Consumer<KuzzleError> early) {
      this.request = request;
      this.http = request.response();
      this.address = address;
      this.head = head;
      this.early = early;
    }

    void start() {
      if (http.closed()) {
        clientGone();
        return;
      }
      http.closeHandler(closed -> clientGone());
      pull();
    }

    private void pull() {
      ResponseStreams.next(vertx, address, pullTimeoutMillis).onComplete(this::received);
    }

    private void received(AsyncResult<Chunk> pulled) {
      if (finished) {
        return;
      }
      if (pulled.failed()) {
        failed(KuzzleError.fromFailure(pulled.cause()));
        return;
      }
      Chunk chunk = pulled.result();
      if (!started) {
        started = true;
        head.accept(http);
        http.setChunked(true);
      }
      if (chunk.last()) {
        finished = true;
        http.end(chunk.data());
        return;
      }
      if (chunk.data().length() > 0) {
        http.write(chunk.data());
      }
      if (http.writeQueueFull()) {
        http.drainHandler(drained -> {
          http.drainHandler(null);
          pull();
        });
      } else {
        pull();
      }
    }

    private void failed(KuzzleError error) {
      finished = true;
      if (!started) {
        early.accept(error);
        return;
      }
      LOG.debug("HTTP stream {} for {} failed after its headers, closing the connection: {}", address,
        request.uri(), error.getMessage());
      request.connection().close();
    }

    private void clientGone() {
      if (!finished) {
        finished = true;
        LOG.debug("HTTP stream {} cancelled: the client of {} went away", address, request.uri());
        ResponseStreams.cancel(vertx, address);
      }
    }
  }
}
