package io.kvx.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * Latencies and errors recorded by the load generators' event loops, read in intervals by the main thread: one
 * interval for the warm-up, thrown away, then one for the measured window.
 */
public final class Meter {

  private static final int DIGITS = 3;

  private final Recorder latencies = new Recorder(DIGITS);
  private final LongAdder errors = new LongAdder();
  private volatile boolean stopped;

  /** Records one answer to a request sent at {@code sentNanos} ({@link System#nanoTime()}). */
  public void answered(long sentNanos) {
    latencies.recordValue(Math.max(1, (System.nanoTime() - sentNanos) / 1_000));
  }

  public void failed() {
    errors.increment();
  }

  /** Generators stop sending once this is set. */
  public boolean stopped() {
    return stopped;
  }

  public void stop() {
    stopped = true;
  }

  /** Latencies in microseconds since the previous call; their count is the number of answers. */
  public Histogram interval() {
    return latencies.getIntervalHistogram();
  }

  /** Errors since the previous call. */
  public long errors() {
    return errors.sumThenReset();
  }
}
