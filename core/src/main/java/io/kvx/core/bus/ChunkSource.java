package io.kvx.core.bus;

import io.vertx.core.Future;

/**
 * What a streamed response is made of, produced piece by piece by the verticle that answered the request. Called
 * on the context that opened the stream, one call at a time: {@link #next()} is not called again before the future
 * it returned has completed.
 */
public interface ChunkSource {

  /**
   * The next chunk. A failed future ends the stream; a catalogued {@link io.kvx.core.error.KuzzleError} reaches the
   * reader as such.
   */
  Future<Chunk> next();

  /** Releases what the source holds. Called once, when the stream ends, is cancelled or times out. */
  void close();
}
