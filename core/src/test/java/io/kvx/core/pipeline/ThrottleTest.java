package io.kvx.core.pipeline;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleTest {

  @Test
  void acquire_whenSlotsTaken_queuesThenRefusesWhenBufferFull() {
    Throttle throttle = new Throttle(2, 2, 100);
    assertThat(throttle.acquire().succeeded()).isTrue();
    assertThat(throttle.acquire().succeeded()).isTrue();
    Future<Void> third = throttle.acquire();
    Future<Void> fourth = throttle.acquire();
    assertThat(third.isComplete()).isFalse();
    assertThat(throttle.pending()).isEqualTo(2);
    assertThat(throttle.isOverloaded()).isTrue();
    Future<Void> refused = throttle.acquire();
    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).hasFieldOrPropertyWithValue("id", "api.process.overloaded");
    throttle.release();
    assertThat(third.succeeded()).isTrue();
    assertThat(fourth.isComplete()).isFalse();
    assertThat(throttle.running()).isEqualTo(2);
    throttle.release();
    assertThat(fourth.succeeded()).isTrue();
    throttle.release();
    throttle.release();
    assertThat(throttle.running()).isZero();
    assertThat(throttle.pending()).isZero();
  }

  @Test
  void release_withoutContexts_handsSlotsOverInArrivalOrder() {
    Throttle throttle = new Throttle(1, 10, 100);
    throttle.acquire();
    List<Future<Void>> waiting = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      waiting.add(throttle.acquire());
    }
    for (int i = 0; i < 5; i++) {
      throttle.release();
      assertThat(waiting.get(i).succeeded()).as("waiter " + i).isTrue();
      assertThat(waiting.subList(i + 1, 5)).allMatch(f -> !f.isComplete());
    }
  }

  @Test
  void release_whenResumedRequestsEndAtOnce_doesNotNest() {
    Throttle throttle = new Throttle(1, 100_000, 200_000);
    throttle.acquire();
    int[] resumed = new int[1];
    for (int i = 0; i < 50_000; i++) {
      throttle.acquire().onSuccess(granted -> {
        resumed[0]++;
        throttle.release();
      });
    }
    throttle.release();
    assertThat(resumed[0]).isEqualTo(50_000);
    assertThat(throttle.running()).isZero();
    assertThat(throttle.pending()).isZero();
  }
}
