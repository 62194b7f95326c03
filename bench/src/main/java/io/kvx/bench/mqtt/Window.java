package io.kvx.bench.mqtt;

import io.kvx.bench.Jcmd;
import io.kvx.bench.JfrSummary;
import io.kvx.bench.LoadResult;
import io.kvx.bench.MachineCpu;
import io.kvx.bench.Meter;
import io.kvx.bench.ThreadCpu;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Measured windows of a load already running against a broker: the warm-up is thrown away, then a window gives the
 * messages per second, latencies, errors, and the CPU used by the broker, by this generator and by the rest of the
 * machine. A window during which other processes used more than {@link MqttBenchOptions#maxOtherCpu()} is measured
 * again, at most {@link MqttBenchOptions#attempts()} times in a row, and the least disturbed one is kept.
 */
final class Window {

  private static final Logger LOG = LoggerFactory.getLogger(Window.class);
  private static final int BUSIEST_THREADS = 6;
  /** Brokers that had their first warm-up. */
  private static final Set<Long> WARMED = new HashSet<>();

  private Window() {
  }

  /**
   * Warms up, then measures; with {@code recording} set, a single window is recorded with Flight Recorder into that
   * file and summarised.
   */
  static LoadResult measure(Meter meter, Broker broker, MqttBenchOptions options, String unit, Path recording)
      throws IOException, InterruptedException {
    int warmup = options.warmupSeconds() + (WARMED.add(broker.pid()) ? options.jitWarmupSeconds() : 0);
    sleep(warmup);
    LOG.info("  warm-up: {} {}, {} errors in {} s", meter.interval().getTotalCount(), unit, meter.errors(), warmup);
    if (recording != null) {
      Files.createDirectories(recording.toAbsolutePath().getParent());
      Jcmd.startRecording(broker.pid(), recording);
      LoadResult result = once(meter, broker, options, unit);
      Jcmd.stopRecording(broker.pid(), recording);
      JfrSummary.print(recording, 30);
      return result;
    }
    LoadResult kept = once(meter, broker, options, unit);
    for (int attempt = 2; attempt <= options.attempts() && kept.otherCpu() > options.maxOtherCpu(); attempt++) {
      LOG.warn("  other processes used {} cores during the window: measuring again", String.format("%.2f",
        kept.otherCpu()));
      LoadResult again = once(meter, broker, options, unit);
      kept = again.otherCpu() < kept.otherCpu() ? again : kept;
    }
    return kept;
  }

  /** One window, from now on; the meter's interval is reset first. */
  private static LoadResult once(Meter meter, Broker broker, MqttBenchOptions options, String unit)
      throws InterruptedException {
    meter.interval();
    meter.errors();
    long begin = System.nanoTime();
    long brokerBefore = cpuNanos(broker.pid());
    long ownBefore = cpuNanos(ProcessHandle.current().pid());
    ThreadCpu threads = ThreadCpu.snapshot(broker.pid());
    double machineBefore = MachineCpu.busySeconds();
    sleep(options.durationSeconds());
    Histogram latencies = meter.interval();
    long errors = meter.errors();
    double seconds = (System.nanoTime() - begin) / 1e9;
    double brokerCores = cores(brokerBefore, cpuNanos(broker.pid()), seconds);
    double ownCores = cores(ownBefore, cpuNanos(ProcessHandle.current().pid()), seconds);
    double machineAfter = MachineCpu.busySeconds();
    double machineCores = machineBefore < 0 || machineAfter < 0 ? -1 : (machineAfter - machineBefore) / seconds;
    double others = machineCores < 0 || brokerCores < 0 || ownCores < 0 ? -1
      : Math.max(0, machineCores - brokerCores - ownCores);
    LoadResult result = LoadResult.of(latencies, seconds, errors, brokerCores, ownCores, others);
    LOG.info(String.format("  %s: %,.0f %s/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d errors, broker CPU %.2f cores"
        + " (%.1f us each), generator CPU %.2f cores, other processes %.2f cores", broker.label(),
      result.perSecond(), unit, result.p50Ms(), result.p99Ms(), result.maxMs(), errors, brokerCores,
      result.serverMicrosPerAnswer(), ownCores, others));
    LOG.info("  busiest broker threads (cores): {}", ThreadCpu.snapshot(broker.pid()).busiestSince(threads, seconds,
      BUSIEST_THREADS));
    return result;
  }

  private static void sleep(int seconds) throws InterruptedException {
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
  }

  /** CPU a process has used so far, or -1 when the platform does not tell. */
  private static long cpuNanos(long pid) {
    return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration()).map(Duration::toNanos)
      .orElse(-1L);
  }

  private static double cores(long before, long after, double seconds) {
    return before < 0 || after < 0 ? -1 : (after - before) / 1e9 / seconds;
  }
}
