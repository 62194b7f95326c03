package io.kvx.document.storage.embedded;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write waiting for the embedded engine's storage thread, then for the log: the storage thread applies it
 * ({@link #applied} or {@link #failed}), and once the log is on disk past it, {@link #settle} completes its future on
 * the caller's context.
 */
final class QueuedWrite<T> {

  private final String index;
  private final String collection;
  private final EmbeddedEngine.Write<T> write;
  private final Context context;
  private final Promise<T> promise = Promise.promise();
  private T result;
  private Throwable failure;

  /** @param context where the future completes; {@code null} (a caller outside Vert.x) completes it on any thread */
  QueuedWrite(String index, String collection, EmbeddedEngine.Write<T> write, Context context) {
    this.index = index;
    this.collection = collection;
    this.write = write;
    this.context = context;
  }

  String index() {
    return index;
  }

  String collection() {
    return collection;
  }

  EmbeddedEngine.Write<T> write() {
    return write;
  }

  Future<T> future() {
    return promise.future();
  }

  void applied(T value) {
    this.result = value;
  }

  void failed(Throwable cause) {
    this.failure = cause;
  }

  /** Completes the future: the write's own failure first, then the log's. */
  private void settle(Throwable logFailure) {
    if (failure != null) {
      promise.fail(failure);
    } else if (logFailure != null) {
      promise.fail(logFailure);
    } else {
      promise.complete(result);
    }
  }

  /** Completes the futures of a batch, on each caller's context in one hop; {@code logFailure} is the log's. */
  static void settle(List<QueuedWrite<?>> batch, Throwable logFailure) {
    Map<Context, List<QueuedWrite<?>>> byContext = new IdentityHashMap<>();
    for (QueuedWrite<?> queuedWrite : batch) {
      if (queuedWrite.context == null) {
        queuedWrite.settle(logFailure);
      } else {
        byContext.computeIfAbsent(queuedWrite.context, context -> new ArrayList<>()).add(queuedWrite);
      }
    }
    byContext.forEach((context, writes) -> context.runOnContext(v -> writes.forEach(w -> w.settle(logFailure))));
  }
}
