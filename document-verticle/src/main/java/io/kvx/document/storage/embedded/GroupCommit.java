package io.kvx.document.storage.embedded;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.apache.lucene.store.AlreadyClosedException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes writes durable in groups: a write waits for the next commit of its collection, and one commit covers every
 * write that arrived while the previous commit ran, so that a burst of writes pays for a few fsyncs, not one each.
 * Commits run on a thread of their own, never on an event loop nor on the storage thread.
 *
 * <p>Limitation: each group pays a full Lucene commit (a new segment and the fsync of its files). A write-ahead log
 * fsynced once per group, with Lucene commits in the background and a replay at start, would make durable writes
 * far cheaper; docs/benchmarks.md has the figures this design gives.
 */
final class GroupCommit {

  private final WorkerExecutor committer;
  private Map<LuceneCollection, List<Waiter>> waiting = new LinkedHashMap<>();
  private boolean running;

  GroupCommit(WorkerExecutor committer) {
    this.committer = committer;
  }

  /** Completes, on the caller's context, once a commit of {@code collection} covers the writes made so far. */
  Future<Void> durable(LuceneCollection collection) {
    Waiter waiter = new Waiter(Vertx.currentContext(), Promise.promise());
    boolean start;
    synchronized (this) {
      waiting.computeIfAbsent(collection, c -> new ArrayList<>()).add(waiter);
      start = !running;
      running = true;
    }
    if (start) {
      committer.executeBlocking(this::commitUntilIdle, false);
    }
    return waiter.promise.future();
  }

  private Void commitUntilIdle() {
    while (true) {
      Map<LuceneCollection, List<Waiter>> batch;
      synchronized (this) {
        if (waiting.isEmpty()) {
          running = false;
          return null;
        }
        batch = waiting;
        waiting = new LinkedHashMap<>();
      }
      batch.forEach((collection, waiters) -> {
        Throwable failure = commit(collection);
        waiters.forEach(waiter -> waiter.complete(failure));
      });
    }
  }

  private static Throwable commit(LuceneCollection collection) {
    try {
      collection.commit();
      return null;
    } catch (AlreadyClosedException deleted) {
      // The collection was deleted (or the engine closed) meanwhile: nothing of it is left to make durable.
      return null;
    } catch (IOException | RuntimeException e) {
      return e;
    }
  }

  private record Waiter(Context context, Promise<Void> promise) {
    void complete(Throwable failure) {
      Runnable done = () -> {
        if (failure == null) {
          promise.complete();
        } else {
          promise.fail(failure);
        }
      };
      if (context == null) {
        done.run();
      } else {
        context.runOnContext(v -> done.run());
      }
    }
  }
}
