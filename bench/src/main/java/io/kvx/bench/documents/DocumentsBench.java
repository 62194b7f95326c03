package io.kvx.bench.documents;

import io.kvx.bench.Meter;
import io.kvx.bench.ThreadCpu;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Entry point of the document benchmark: {@code DocumentsBench [create|mCreate|get]... [flags]} (see
 * {@link DocumentsOptions#USAGE}). Each action runs {@code --runs} times, each time against a fresh KVX started from
 * the jar in an empty data directory: the collection is created (and, for {@code get}, seeded), load is applied for
 * the warm-up (40 s by default: on two shared cores the JIT compilers of the server keep a core busy for half a
 * minute or more), then measured. Rates are printed every second; each run prints its requests and documents per
 * second, p50/p99, the server's CPU and the load average before it; the summary gives the median run of each action.
 * The exit status is 0, or 2 on a usage error, 3 when the bench fails.
 */
public final class DocumentsBench {

  static {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-bench.xml");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(DocumentsBench.class);
  private static final long TIMEOUT_S = 60;

  private final DocumentsOptions options;

  private DocumentsBench(DocumentsOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    DocumentsOptions options;
    try {
      options = DocumentsOptions.parse(args);
    } catch (IllegalArgumentException e) {
      LOG.error(e.getMessage());
      System.exit(2);
      return;
    }
    int status = 0;
    try {
      new DocumentsBench(options).run();
    } catch (Exception e) {
      LOG.error("documents bench failed: {}", e.toString(), e);
      status = 3;
    }
    System.exit(status);
  }

  /** One measured run. */
  record Result(double requests, double documents, double p50Ms, double p99Ms, double maxMs, long errors,
      double serverCores, double generatorCores, String load) {
    String line() {
      return String.format("%,.0f requests/s, %,.0f documents/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d, "
        + "server CPU %.2f cores (%.0f us/document), generator CPU %.2f cores, load before %s", requests, documents,
        p50Ms, p99Ms, maxMs, errors, serverCores, serverCores * 1e6 / documents, generatorCores, load);
    }
  }

  private void run() throws Exception {
    LOG.info("KVX documents bench {} on {} processors, Java {}; {}",
      OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
      System.getProperty("java.runtime.version"), options.describe());
    List<String> summary = new ArrayList<>();
    for (String action : options.actions()) {
      List<Result> results = new ArrayList<>();
      for (int run = 1; run <= options.runs(); run++) {
        String load = loadAverage();
        LOG.info("{}, run {}/{}, load average {}", action, run, options.runs(), load);
        try (KvxJar server = KvxJar.start(options.jar(), options.serverOptions())) {
          Result result = measure(server, new Requests(action, options.batch()), load);
          LOG.info("  {}: {}", action, result.line());
          results.add(result);
        }
      }
      Result median = results.stream().sorted(Comparator.comparingDouble(Result::documents)).toList()
        .get((results.size() - 1) / 2);
      summary.add(String.format("%s (median of %d): %s; runs: %s", action, results.size(), median.line(),
        String.join(", ", results.stream().map(r -> String.format("%,.0f", r.documents())).toList())));
    }
    LOG.info("");
    LOG.info("Summary, documents/s ({} WebSockets x {} in flight, {} s measured after {} s warm-up)",
      options.connections(), options.inflight(), options.durationSeconds(), options.warmupSeconds());
    summary.forEach(LOG::info);
  }

  private Result measure(KvxJar server, Requests requests, String load) throws Exception {
    Meter meter = new Meter();
    LongAdder answers = new LongAdder();
    int processors = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(processors));
    try {
      setup(vertx, server.port(), requests);
      List<Future<String>> deployed = new ArrayList<>();
      for (int i = 0; i < processors; i++) {
        int share = options.connections() / processors + (i < options.connections() % processors ? 1 : 0);
        deployed.add(vertx.deployVerticle(new DocumentLoad(server.port(), share, options.inflight(), requests, meter,
          answers)));
      }
      Future.all(deployed).await(TIMEOUT_S, TimeUnit.SECONDS);
      tick("warm-up", options.warmupSeconds(), answers, requests);
      meter.interval();
      meter.errors();
      long begin = System.nanoTime();
      long serverCpu = server.cpuNanos();
      long ownCpu = ownCpuNanos();
      ThreadCpu threads = ThreadCpu.snapshot(server.pid());
      tick("measured", options.durationSeconds(), answers, requests);
      Histogram latencies = meter.interval();
      long errors = meter.errors();
      double seconds = (System.nanoTime() - begin) / 1e9;
      LOG.info("  busiest server threads (cores): {}", ThreadCpu.snapshot(server.pid()).busiestSince(threads, seconds,
        10));
      double perSecond = latencies.getTotalCount() / seconds;
      return new Result(perSecond, perSecond * requests.documentsPerRequest(),
        latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
        latencies.getMaxValue() / 1000.0, errors, (server.cpuNanos() - serverCpu) / 1e9 / seconds,
        (ownCpuNanos() - ownCpu) / 1e9 / seconds, load);
    } finally {
      meter.stop();
      vertx.close().await(TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  /** Prints the documents per second of each second of a phase. */
  private static void tick(String phase, int seconds, LongAdder answers, Requests requests)
      throws InterruptedException {
    answers.reset();
    StringBuilder rates = new StringBuilder();
    for (int second = 0; second < seconds; second++) {
      Thread.sleep(1000);
      rates.append(second == 0 ? "" : " ").append(answers.sumThenReset() * requests.documentsPerRequest());
    }
    LOG.info("  {} documents/s, each second: {}", phase, rates);
  }

  /** Creates the collection and writes what the action reads, over one WebSocket. */
  private static void setup(Vertx vertx, int port, Requests requests) {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      client.connect(new WebSocketConnectOptions().setHost(KvxJar.HOST).setPort(port).setURI("/"))
        .compose(socket -> {
          Promise<Void> done = Promise.promise();
          String seed = requests.seed();
          socket.textMessageHandler(answer -> {
            if (!answer.contains("\"status\":200")) {
              done.tryFail("setup failed: " + answer);
            } else if (answer.contains("\"requestId\":\"setup\"") && seed != null) {
              socket.writeTextMessage(seed);
            } else {
              done.tryComplete();
            }
          });
          socket.writeTextMessage(Requests.createCollection());
          return done.future().eventually(socket::close);
        }).await(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    } finally {
      client.close();
    }
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }

  private static long ownCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }
}
