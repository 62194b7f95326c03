package io.kvx.security;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;

import java.util.concurrent.TimeUnit;

/** Waits for futures from a test thread. */
final class Await {

  private Await() {
  }

  static <T> T result(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The Kuzzle error a future failed with; fails the test if it succeeded or failed otherwise. */
  static KuzzleError error(Future<?> future) throws Exception {
    Throwable failure = future.toCompletionStage().toCompletableFuture().handle((done, cause) -> cause)
      .get(10, TimeUnit.SECONDS);
    while (failure != null && !(failure instanceof KuzzleError) && failure.getCause() != null) {
      failure = failure.getCause();
    }
    if (!(failure instanceof KuzzleError error)) {
      throw new AssertionError("expected a Kuzzle error, got " + failure);
    }
    return error;
  }
}
