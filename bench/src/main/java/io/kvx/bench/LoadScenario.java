package io.kvx.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ws} and {@code http} scenarios against one running server: connect, warm up, measure, stop. The load
 * comes from one generator verticle per processor, each owning its share of the connections.
 */
final class LoadScenario {

  /** Every KVX answer that is not an error carries it. */
  static final String KVX_SUCCESS = "\"status\":200";

  private static final Logger LOG = LoggerFactory.getLogger(LoadScenario.class);
  private static final long CONNECT_TIMEOUT_S = 120;
  private static final long CLOSE_TIMEOUT_S = 30;

  private LoadScenario() {
  }

  /** A fresh generator: as many event loops as processors, like the servers. */
  static Vertx generator() {
    return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
  }

  /** {@code total} split into {@code parts} near-equal shares. */
  static int[] shares(int total, int parts) {
    int[] shares = new int[parts];
    for (int i = 0; i < parts; i++) {
      shares[i] = total / parts + (i < total % parts ? 1 : 0);
    }
    return shares;
  }

  /**
   * Runs {@code scenario} ({@code ws} or {@code http}) against {@code server}; with {@code recording} set, the
   * measured window is recorded with Flight Recorder into that file and summarised.
   */
  static LoadResult run(String scenario, ServerProcess server, BenchOptions options, Path recording)
      throws Exception {
    return run(scenario, server, options, recording, null);
  }

  /** The same, every WebSocket request carrying {@code jwt} ({@code null}: anonymous). */
  static LoadResult run(String scenario, ServerProcess server, BenchOptions options, Path recording, String jwt)
      throws Exception {
    Meter meter = new Meter();
    Vertx vertx = generator();
    try {
      List<Future<String>> deployed = new ArrayList<>();
      for (int share : shares(options.connections(), Runtime.getRuntime().availableProcessors())) {
        deployed.add(vertx.deployVerticle(load(scenario, server, share, options, jwt, meter)));
      }
      Future.all(deployed).await(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
      return measure(meter, server, options, recording);
    } finally {
      meter.stop();
      vertx.close().await(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  private static VerticleBase load(String scenario, ServerProcess server, int share, BenchOptions options,
      String jwt, Meter meter) {
    if (scenario.equals("http")) {
      return new HttpLoad(server.port(), share, meter);
    }
    String expected = server.kind() == ServerProcess.Kind.KVX ? KVX_SUCCESS : null;
    return new WsLoad(server.port(), share, options.inflight(), expected, jwt, meter);
  }

  static LoadResult measure(Meter meter, ServerProcess server, BenchOptions options, Path recording)
      throws IOException, InterruptedException {
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
    long warmupAnswers = meter.interval().getTotalCount();
    long warmupErrors = meter.errors();
    LOG.info("  warm-up: {} answers, {} errors in {} s", warmupAnswers, warmupErrors, options.warmupSeconds());
    if (recording != null) {
      Files.createDirectories(recording.toAbsolutePath().getParent());
      Jcmd.startRecording(server.pid(), recording);
      meter.interval();
      meter.errors();
    }
    long begin = System.nanoTime();
    long serverCpu = server.cpuNanos();
    long ownCpu = ownCpuNanos();
    ThreadCpu threads = ThreadCpu.snapshot(server.pid());
    double machine = MachineCpu.busySeconds();
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.durationSeconds()));
    Histogram latencies = meter.interval();
    long errors = meter.errors();
    double seconds = (System.nanoTime() - begin) / 1e9;
    double serverCores = cores(serverCpu, server.cpuNanos(), seconds);
    double ownCores = cores(ownCpu, ownCpuNanos(), seconds);
    String busiest = ThreadCpu.snapshot(server.pid()).busiestSince(threads, seconds, 6);
    double machineCores = machine < 0 ? -1 : (MachineCpu.busySeconds() - machine) / seconds;
    if (recording != null) {
      Jcmd.stopRecording(server.pid(), recording);
    }
    double others = machineCores < 0 || serverCores < 0 || ownCores < 0 ? -1
      : Math.max(0, machineCores - serverCores - ownCores);
    LoadResult result = LoadResult.of(latencies, seconds, errors, serverCores, ownCores, others);
    LOG.info(String.format("  %s: %,.0f answers/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d errors, server CPU %.2f"
        + " cores (%.1f us/answer), generator CPU %.2f cores, other processes %.2f cores", server.kind().label(),
      result.perSecond(), result.p50Ms(), result.p99Ms(), result.maxMs(), errors, serverCores,
      result.serverMicrosPerAnswer(), ownCores, others));
    LOG.info("  busiest server threads (cores): {}", busiest);
    if (recording != null) {
      JfrSummary.print(recording, 30);
    }
    return result;
  }

  private static long ownCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  private static double cores(long before, long after, double seconds) {
    return before < 0 || after < 0 ? -1 : (after - before) / 1e9 / seconds;
  }
}
