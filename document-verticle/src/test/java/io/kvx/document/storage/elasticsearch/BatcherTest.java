package io.kvx.document.storage.elasticsearch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class BatcherTest {

  private final Vertx vertx = Vertx.vertx();
  /** The batches sent, as the list of their operations, and the promises that answer them. */
  private final List<List<Integer>> sent = new CopyOnWriteArrayList<>();
  private final List<Promise<List<String>>> answers = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  private Future<List<String>> record(String key, List<Integer> operations) {
    sent.add(operations);
    Promise<List<String>> answer = Promise.promise();
    answers.add(answer);
    return answer.future();
  }

  private static void answer(Promise<List<String>> promise, List<Integer> operations) {
    promise.complete(operations.stream().map(operation -> "answer " + operation).toList());
  }

  /** Submits operations from {@code from} to {@code to} (excluded), all in one event-loop task. */
  private List<Future<String>> submitInOneTask(Batcher<String, Integer, String> batcher, String key, int from,
      int to) {
    List<Future<String>> futures = new CopyOnWriteArrayList<>();
    vertx.runOnContext(nothing -> {
      for (int i = from; i < to; i++) {
        futures.add(batcher.submit(key, i));
      }
    });
    waitFor(() -> futures.size() == to - from);
    return futures;
  }

  @Test
  void operationsOfOneTask_leaveAsOneBatch_andEachGetsItsOwnAnswer() throws Exception {
    Batcher<String, Integer, String> batcher = new Batcher<>(vertx, this::record, 2, 1000, Long.MAX_VALUE, op -> 1);
    List<Future<String>> futures = submitInOneTask(batcher, "k", 0, 200);
    waitFor(() -> sent.size() == 1);
    assertThat(sent.get(0)).hasSize(200);
    answer(answers.get(0), sent.get(0));
    for (int i = 0; i < 200; i++) {
      assertThat(futures.get(i).await(5, TimeUnit.SECONDS)).isEqualTo("answer " + i);
    }
  }

  @Test
  void operationsAskedAtTheLimit_waitForAnAnswer_andLeaveTogether() throws Exception {
    Batcher<String, Integer, String> batcher = new Batcher<>(vertx, this::record, 1, 1000, Long.MAX_VALUE, op -> 1);
    submitInOneTask(batcher, "k", 0, 1);
    waitFor(() -> sent.size() == 1);
    List<Future<String>> waiting = new ArrayList<>();
    waiting.addAll(submitInOneTask(batcher, "k", 1, 3));
    waiting.addAll(submitInOneTask(batcher, "k", 3, 5));
    sleep(100);
    assertThat(sent).hasSize(1);
    answer(answers.get(0), sent.get(0));
    waitFor(() -> sent.size() == 2);
    assertThat(sent.get(1)).containsExactly(1, 2, 3, 4);
    answer(answers.get(1), sent.get(1));
    assertThat(waiting.get(3).await(5, TimeUnit.SECONDS)).isEqualTo("answer 4");
  }

  @Test
  void batchesAreCutBySizeAndWeight_andKeysNeverShareABatch() throws Exception {
    Batcher<String, Integer, String> batcher = new Batcher<>(vertx, this::record, 10, 3, 10, op -> op);
    vertx.runOnContext(nothing -> {
      for (int op : new int[] {1, 1, 1, 1, 6, 5, 20}) {
        batcher.submit("a", op);
      }
      batcher.submit("b", 7);
    });
    waitFor(() -> sent.size() == 5);
    assertThat(sent).containsExactlyInAnyOrder(List.of(1, 1, 1), List.of(1, 6), List.of(5), List.of(20),
      List.of(7));
  }

  @Test
  void aFailedBatch_failsEachOfItsOperations_andTheNextBatchStillLeaves() throws Exception {
    Batcher<String, Integer, String> batcher = new Batcher<>(vertx, this::record, 1, 1000, Long.MAX_VALUE, op -> 1);
    List<Future<String>> first = submitInOneTask(batcher, "k", 0, 3);
    waitFor(() -> sent.size() == 1);
    List<Future<String>> second = submitInOneTask(batcher, "k", 3, 4);
    answers.get(0).fail(new IllegalStateException("node gone"));
    for (Future<String> future : first) {
      assertThat(future.transform(done -> Future.succeededFuture(done.cause().getMessage()))
        .await(5, TimeUnit.SECONDS)).isEqualTo("node gone");
    }
    waitFor(() -> sent.size() == 2);
    answer(answers.get(1), sent.get(1));
    assertThat(second.get(0).await(5, TimeUnit.SECONDS)).isEqualTo("answer 3");
  }

  @Test
  void aBatchAnsweredWithTheWrongNumberOfAnswers_failsEachOperationInsteadOfLeavingOneWaiting() throws Exception {
    Batcher<String, Integer, String> batcher = new Batcher<>(vertx, this::record, 1, 1000, Long.MAX_VALUE, op -> 1);
    List<Future<String>> futures = submitInOneTask(batcher, "k", 0, 3);
    waitFor(() -> sent.size() == 1);
    answers.get(0).complete(List.of("only one"));
    for (Future<String> future : futures) {
      assertThat(future.transform(done -> Future.succeededFuture(String.valueOf(done.cause())))
        .await(5, TimeUnit.SECONDS)).contains("a batch of 3 operations got 1 answers");
    }
  }

  private static void waitFor(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + 5000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      sleep(5);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
