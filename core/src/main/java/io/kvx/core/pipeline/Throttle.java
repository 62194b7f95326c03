package io.kvx.core.pipeline;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * Limits how many requests a node runs at once ({@code limits.concurrentRequests}) and how many wait for a slot
 * ({@code limits.requestsBufferSize}); past that, requests are refused with 503 {@code api.process.overloaded}.
 * Shared by every gateway instance of a node, so it is thread-safe: a waiting request is resumed on the context it
 * came from when a slot frees.
 */
public final class Throttle {

  private static final Logger LOG = LoggerFactory.getLogger(Throttle.class);
  private static final Future<Void> GRANTED = Future.succeededFuture();

  private final int maxConcurrent;
  private final int bufferSize;
  private final int warningThreshold;
  private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
  private int running;
  private boolean warned;

  public Throttle(int maxConcurrent, int bufferSize, int warningThreshold) {
    this.maxConcurrent = maxConcurrent;
    this.bufferSize = bufferSize;
    this.warningThreshold = warningThreshold;
  }

  /**
   * A slot: granted at once when one is free, later when a request ends, or refused when the buffer is full. Every
   * granted slot must be given back with {@link #release()}.
   */
  public Future<Void> acquire() {
    Waiter queued;
    synchronized (this) {
      if (running < maxConcurrent) {
        running++;
        return GRANTED;
      }
      if (waiting.size() >= bufferSize) {
        return Future.failedFuture(KuzzleError.of("api.process.overloaded"));
      }
      queued = new Waiter(Vertx.currentContext(), Promise.promise());
      waiting.add(queued);
      warnIfCrowded();
    }
    return queued.promise.future();
  }

  /** Gives a slot back: the oldest waiting request takes it over. */
  public void release() {
    Waiter next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        running--;
        return;
      }
      if (warned && waiting.size() < warningThreshold / 2) {
        warned = false;
      }
    }
    if (next.context == null) {
      next.promise.complete();
    } else {
      next.context.runOnContext(v -> next.promise.complete());
    }
  }

  private void warnIfCrowded() {
    if (!warned && waiting.size() >= warningThreshold) {
      warned = true;
      LOG.warn("Request buffer above its warning threshold: {} requests waiting (buffer size {})", waiting.size(),
        bufferSize);
    }
  }

  /** Requests running now. */
  public synchronized int running() {
    return running;
  }

  /** Requests waiting for a slot. */
  public synchronized int pending() {
    return waiting.size();
  }

  private record Waiter(Context context, Promise<Void> promise) {
  }

  /** Whether the buffer is full, so that new requests are refused (readiness reports it). */
  public synchronized boolean isOverloaded() {
    return waiting.size() >= bufferSize;
  }
}
