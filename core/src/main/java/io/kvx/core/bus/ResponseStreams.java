package io.kvx.core.bus;

import io.kvx.core.api.Ids;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * Streamed responses across the event bus, for answers too large for one message (Kuzzle's {@code document:export}).
 * The verticle that answers the request {@link #open opens} a stream on an address of its own and answers with
 * {@link io.kvx.core.api.KuzzleResponse#stream}; the gateway then pulls the chunks one by one with {@link #next},
 * asking for the next one only when its client has taken the previous one, so that neither side holds more than a
 * chunk or two whatever the size of the whole.
 *
 * <p>Wire contract, plain JSON and buffers so that it works across the cluster:
 * <ul>
 *   <li>address: {@link #ADDRESS_PREFIX} followed by a random id, one per stream;</li>
 *   <li>{@code {"op": "next"}}, a request: the reply is the chunk's bytes as a {@link Buffer}, with the header
 *   {@link #LAST_HEADER} {@code "true"} on the last chunk (the stream is then closed); a failure carries the code and
 *   JSON of a catalogued Kuzzle error, and the stream is closed;</li>
 *   <li>{@code {"op": "cancel"}}, sent without waiting for a reply: the reader gives up, the stream is closed;</li>
 *   <li>a stream nobody pulls from for its idle timeout closes itself; afterwards its address has no handler.</li>
 * </ul>
 */
public final class ResponseStreams {

  /** Prefix of stream addresses; internal to KVX. */
  public static final String ADDRESS_PREFIX = "__kvx.stream.";
  /** Header of a chunk reply: {@code "true"} on the last chunk of the stream. */
  public static final String LAST_HEADER = "kvx-last";
  static final String OP = "op";
  static final String NEXT = "next";
  static final String CANCEL = "cancel";

  private ResponseStreams() {
  }

  /**
   * Opens a stream serving {@code source} on a new address, from the caller's Vert.x context (the source is called
   * there). The future completes with the address once its consumer is registered across the cluster.
   *
   * @param idleTimeoutMillis how long the stream waits for the next pull before closing itself
   */
  public static Future<String> open(Vertx vertx, ChunkSource source, long idleTimeoutMillis) {
    if (idleTimeoutMillis <= 0) {
      throw new IllegalArgumentException("idle timeout must be positive: " + idleTimeoutMillis);
    }
    return new StreamProducer(vertx, ADDRESS_PREFIX + Ids.uuid(), source, idleTimeoutMillis).start();
  }

  /**
   * Pulls the next chunk of the stream at {@code address}. Fails with the source's catalogued error, with
   * {@code network.http.stream_closed} when the stream is gone (finished, cancelled, timed out, or its node left),
   * or with {@code network.http.stream_errored} when no chunk came within {@code timeoutMillis}.
   */
  public static Future<Chunk> next(Vertx vertx, String address, long timeoutMillis) {
    return vertx.eventBus().<Buffer>request(address, new JsonObject().put(OP, NEXT),
        new DeliveryOptions().setSendTimeout(timeoutMillis))
      .map(reply -> new Chunk(reply.body() == null ? Buffer.buffer() : reply.body(),
        "true".equals(reply.headers().get(LAST_HEADER))))
      .recover(failure -> Future.failedFuture(pullError(failure, timeoutMillis)));
  }

  /** Tells the stream at {@code address} that its reader is gone; nothing happens if it is already closed. */
  public static void cancel(Vertx vertx, String address) {
    vertx.eventBus().send(address, new JsonObject().put(OP, CANCEL));
  }

  private static KuzzleError pullError(Throwable failure, long timeoutMillis) {
    if (failure instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case NO_HANDLERS:
          return KuzzleError.of("network.http.stream_closed");
        case TIMEOUT:
          return KuzzleError.of("network.http.stream_errored", "no data within " + timeoutMillis + "ms");
        default:
          break;
      }
    }
    return KuzzleError.fromFailure(failure);
  }
}
