package io.kvx.core.pipeline;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits how many requests a node runs at once ({@code limits.concurrentRequests}) and how many wait for a slot
 * ({@code limits.requestsBufferSize}); past that, requests are refused with 503 {@code api.process.overloaded}.
 * Shared by every gateway instance of a node, so it is thread-safe: a waiting request is resumed on the context it
 * came from when a slot frees.
 *
 * <p>A freed slot goes to a request waiting on the same event loop when there is one, which resumes it at once
 * on this thread; every fourth hand-over goes to the oldest waiting request of the node, whatever its event
 * loop, so that no event loop starves while another keeps the slots busy.
 */
public final class Throttle {

  private static final Logger LOG = LoggerFactory.getLogger(Throttle.class);
  private static final Future<Void> GRANTED = Future.succeededFuture();
  private static final int FAIRNESS_PERIOD = 4;
  private static final ThreadLocal<Trampoline> TRAMPOLINE = ThreadLocal.withInitial(Trampoline::new);

  private final int maxConcurrent;
  private final int bufferSize;
  private final int warningThreshold;
  private final Map<Context, ArrayDeque<Waiter>> waitingByContext = new HashMap<>();
  private int waiting;
  private int running;
  private long sequence;
  private long handovers;
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
      if (waiting >= bufferSize) {
        return Future.failedFuture(KuzzleError.of("api.process.overloaded"));
      }
      Context context = Vertx.currentContext();
      queued = new Waiter(sequence++, context, Promise.promise());
      waitingByContext.computeIfAbsent(context, c -> new ArrayDeque<>()).add(queued);
      waiting++;
      warnIfCrowded();
    }
    return queued.promise.future();
  }

  /** Gives a slot back: a waiting request takes it over (see the class comment for which one). */
  public void release() {
    Waiter next;
    synchronized (this) {
      if (waiting == 0) {
        running--;
        return;
      }
      next = nextWaiter(Vertx.currentContext());
      waiting--;
      if (warned && waiting < warningThreshold / 2) {
        warned = false;
      }
    }
    Context current = Vertx.currentContext();
    if (next.context == null || next.context == current) {
      resumeHere(next);
    } else {
      next.context.runOnContext(v -> next.promise.complete());
    }
  }

  /**
   * Resumes a waiter on this thread, at once: its request then runs in the current event-loop task (so its answer
   * is flushed with the others of the same read) instead of in a task of its own. A resumed request that ends at
   * once releases its slot to the next waiter, which would nest one call deeper each time; the trampoline queues
   * those and runs them one after the other instead.
   */
  private static void resumeHere(Waiter waiter) {
    Trampoline trampoline = TRAMPOLINE.get();
    trampoline.queue.add(waiter);
    if (trampoline.running) {
      return;
    }
    trampoline.running = true;
    try {
      Waiter next;
      while ((next = trampoline.queue.poll()) != null) {
        next.promise.complete();
      }
    } finally {
      trampoline.running = false;
    }
  }

  private Waiter nextWaiter(Context current) {
    ArrayDeque<Waiter> own = waitingByContext.get(current);
    boolean fairTurn = ++handovers % FAIRNESS_PERIOD == 0;
    if (own != null && !own.isEmpty() && !fairTurn) {
      return own.poll();
    }
    ArrayDeque<Waiter> oldest = null;
    for (ArrayDeque<Waiter> queue : waitingByContext.values()) {
      if (!queue.isEmpty() && (oldest == null || queue.peek().sequence < oldest.peek().sequence)) {
        oldest = queue;
      }
    }
    return oldest.poll();
  }

  private void warnIfCrowded() {
    if (!warned && waiting >= warningThreshold) {
      warned = true;
      LOG.warn("Request buffer above its warning threshold: {} requests waiting (buffer size {})", waiting,
        bufferSize);
    }
  }

  /** Requests running now. */
  public synchronized int running() {
    return running;
  }

  /** Requests waiting for a slot. */
  public synchronized int pending() {
    return waiting;
  }

  /** Whether the buffer is full, so that new requests are refused (readiness reports it). */
  public synchronized boolean isOverloaded() {
    return waiting >= bufferSize;
  }

  private record Waiter(long sequence, Context context, Promise<Void> promise) {
  }

  /** Waiters being resumed on one thread. */
  private static final class Trampoline {
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private boolean running;
  }
}
