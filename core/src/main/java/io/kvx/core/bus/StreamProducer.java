package io.kvx.core.bus;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of one stream ({@link ResponseStreams}): answers pulls on its address with the chunks of its
 * source. While the reader writes a chunk out, the next one is already being produced, so that the reader seldom
 * waits; never more than that one chunk is produced ahead. Confined to the context that opened it.
 */
final class StreamProducer {

  private static final Logger LOG = LoggerFactory.getLogger(StreamProducer.class);
  private static final DeliveryOptions MORE = new DeliveryOptions().addHeader(ResponseStreams.LAST_HEADER, "false");
  private static final DeliveryOptions LAST = new DeliveryOptions().addHeader(ResponseStreams.LAST_HEADER, "true");

  private final Vertx vertx;
  private final String address;
  private final ChunkSource source;
  private final long idleTimeoutMillis;
  private MessageConsumer<JsonObject> consumer;
  /** The chunk produced ahead of the next pull, or {@code null}. */
  private Future<Chunk> ahead;
  private boolean pulling;
  private boolean closed;
  private long idleTimer = -1;

  StreamProducer(Vertx vertx, String address, ChunkSource source, long idleTimeoutMillis) {
    this.vertx = vertx;
    this.address = address;
    this.source = source;
    this.idleTimeoutMillis = idleTimeoutMillis;
  }

  Future<String> start() {
    consumer = vertx.eventBus().consumer(address, this::handle);
    armIdleTimer();
    return consumer.completion().map(address).onFailure(failure -> close("registration failed"));
  }

  private void handle(Message<JsonObject> message) {
    String op = message.body() == null ? null : message.body().getString(ResponseStreams.OP);
    if (ResponseStreams.CANCEL.equals(op)) {
      close("cancelled by its reader");
    } else if (!ResponseStreams.NEXT.equals(op)) {
      fail(message, KuzzleError.of("api.assert.invalid_argument", ResponseStreams.OP, "\"next\" or \"cancel\""));
    } else if (pulling) {
      fail(message, KuzzleError.of("api.process.action_locked", "next chunk of " + address));
    } else {
      pulling = true;
      cancelIdleTimer();
      Future<Chunk> chunk = ahead != null ? ahead : produce();
      ahead = null;
      chunk.onComplete(done -> deliver(message, done));
    }
  }

  private void deliver(Message<JsonObject> message, AsyncResult<Chunk> done) {
    pulling = false;
    if (closed) {
      fail(message, KuzzleError.of("network.http.stream_closed"));
    } else if (done.failed()) {
      fail(message, KuzzleError.fromFailure(done.cause()));
      close("failed: " + done.cause().getMessage());
    } else if (done.result().last()) {
      message.reply(done.result().data(), LAST);
      close("complete");
    } else {
      message.reply(done.result().data(), MORE);
      ahead = produce();
      armIdleTimer();
    }
  }

  private Future<Chunk> produce() {
    try {
      return source.next();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static void fail(Message<JsonObject> message, KuzzleError error) {
    if (message.replyAddress() != null) {
      message.fail(error.code(), error.toJson().encode());
    }
  }

  private void armIdleTimer() {
    cancelIdleTimer();
    idleTimer = vertx.setTimer(idleTimeoutMillis, id -> {
      idleTimer = -1;
      close("idle for " + idleTimeoutMillis + "ms");
    });
  }

  private void cancelIdleTimer() {
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
      idleTimer = -1;
    }
  }

  private void close(String why) {
    if (closed) {
      return;
    }
    closed = true;
    cancelIdleTimer();
    ahead = null;
    consumer.unregister();
    LOG.debug("Stream {} closed: {}", address, why);
    try {
      source.close();
    } catch (RuntimeException e) {
      LOG.warn("Stream {} source failed to close: {}", address, e.getMessage());
    }
  }
}
