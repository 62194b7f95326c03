package io.kvx.document.storage.elasticsearch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Gathers single operations into batch requests ({@code _bulk}, {@code _mget}) without making any of them wait for
 * a timer. An operation asked while fewer than {@code maxInFlight} batches are out is sent at the end of the current
 * event-loop task, together with every operation asked during that task (an {@code mCreate} of 200 documents becomes
 * one request); an operation asked while the limit is reached waits for the next answer and leaves with everything
 * that queued meanwhile. Under load the batches grow by themselves, and a lone operation pays one task's delay.
 *
 * <p>Operations are grouped by a key (a batch request has one value of it, such as its {@code refresh} parameter);
 * one batch holds at most {@code maxOperations} operations and, past its first, at most {@code maxWeight} of their
 * weight (bytes of body). Safe to use from any thread.
 *
 * @param <K> what the operations of one batch share
 * @param <O> an operation
 * @param <R> the answer of one operation
 */
final class Batcher<K, O, R> {

  /** Sends one batch; the answers come back in the order of the operations, one each. */
  @FunctionalInterface
  interface Sender<K, O, R> {
    Future<List<R>> send(K key, List<O> operations);
  }

  private record Pending<O, R>(O operation, Promise<R> answer) {
  }

  private final Vertx vertx;
  private final Sender<K, O, R> sender;
  private final int maxInFlight;
  private final int maxOperations;
  private final long maxWeight;
  private final ToIntFunction<O> weight;
  private final Map<K, ArrayDeque<Pending<O, R>>> queues = new LinkedHashMap<>();
  private int inFlight;
  private boolean scheduled;

  Batcher(Vertx vertx, Sender<K, O, R> sender, int maxInFlight, int maxOperations, long maxWeight,
      ToIntFunction<O> weight) {
    this.vertx = vertx;
    this.sender = sender;
    this.maxInFlight = maxInFlight;
    this.maxOperations = maxOperations;
    this.maxWeight = maxWeight;
    this.weight = weight;
  }

  /** Queues an operation; the future completes with its own answer, or fails with its batch. */
  Future<R> submit(K key, O operation) {
    Promise<R> answer = Promise.promise();
    boolean schedule;
    synchronized (this) {
      queues.computeIfAbsent(key, k -> new ArrayDeque<>()).add(new Pending<>(operation, answer));
      schedule = !scheduled && inFlight < maxInFlight;
      scheduled |= schedule;
    }
    if (schedule) {
      vertx.runOnContext(nothing -> {
        synchronized (this) {
          scheduled = false;
        }
        drain();
      });
    }
    return answer.future();
  }

  /** Sends batches while the in-flight limit allows and operations wait. */
  private void drain() {
    while (true) {
      K key;
      List<Pending<O, R>> batch;
      synchronized (this) {
        if (inFlight >= maxInFlight || queues.isEmpty()) {
          return;
        }
        Map.Entry<K, ArrayDeque<Pending<O, R>>> first = queues.entrySet().iterator().next();
        key = first.getKey();
        batch = take(first.getValue());
        if (first.getValue().isEmpty()) {
          queues.remove(key);
        } else {
          // The key goes to the back, so that one busy key does not starve the others.
          queues.put(key, queues.remove(key));
        }
        inFlight++;
      }
      send(key, batch);
    }
  }

  private List<Pending<O, R>> take(ArrayDeque<Pending<O, R>> queue) {
    List<Pending<O, R>> batch = new ArrayList<>();
    long taken = 0;
    while (!queue.isEmpty() && batch.size() < maxOperations) {
      int next = weight.applyAsInt(queue.peek().operation());
      if (!batch.isEmpty() && taken + next > maxWeight) {
        break;
      }
      taken += next;
      batch.add(queue.poll());
    }
    return batch;
  }

  private void send(K key, List<Pending<O, R>> batch) {
    List<O> operations = new ArrayList<>(batch.size());
    batch.forEach(pending -> operations.add(pending.operation()));
    Future<List<R>> sent;
    try {
      sent = sender.send(key, operations);
    } catch (RuntimeException failure) {
      sent = Future.failedFuture(failure);
    }
    sent.onComplete(done -> {
      synchronized (this) {
        inFlight--;
      }
      List<R> answers = done.succeeded() ? done.result() : null;
      Throwable failure = done.failed() ? done.cause() : answers == null || answers.size() != batch.size()
        ? new IllegalStateException("a batch of " + batch.size() + " operations got "
          + (answers == null ? "no" : answers.size()) + " answers") : null;
      for (int i = 0; i < batch.size(); i++) {
        if (failure == null) {
          batch.get(i).answer().complete(answers.get(i));
        } else {
          batch.get(i).answer().fail(failure);
        }
      }
      drain();
    });
  }
}
