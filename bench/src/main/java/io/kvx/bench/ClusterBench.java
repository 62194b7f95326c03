package io.kvx.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One KVX node with every role against a cluster of the same machine: two gateway nodes, one realtime node and one
 * data node (document and security), each its own JVM on loopback (bench/cluster.sh). For each topology, in turn:
 * <ul>
 *   <li>{@code server:now} over 64 WebSockets × 16 requests in flight (by default), spread over the gateways
 *   (answered by the gateway);</li>
 *   <li>{@code realtime:count} the same way (answered by a realtime verticle: another node in the cluster);</li>
 *   <li>fan-out: subscribers of one room spread over the gateways, a publisher on the first gateway, as fast as
 *   the deliveries keep up, then at half that rate for the latency from publication to delivery.</li>
 * </ul>
 * {@code ClusterBench [--connections 64] [--inflight 16] [--warmup 5] [--duration 15] [--subscribers 1000]
 * [--server-heap 1g]}.
 */
public final class ClusterBench {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterBench.class);
  private static final String COUNT_HEAD = "{\"controller\":\"realtime\",\"action\":\"count\","
    + "\"body\":{\"roomId\":\"none\"}," + WsLoad.ID_FIELD;
  private static final String NOW_HEAD = "{\"controller\":\"server\",\"action\":\"now\"," + WsLoad.ID_FIELD;
  private static final long FANOUT_WINDOW = 20_000;
  private static final long TIMEOUT_S = 180;
  /** What Hazelcast reads of the JDK's internals; the runnable jar's manifest grants the same. */
  private static final List<String> JVM_ARGS = List.of("--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED");

  private ClusterBench() {
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options = BenchOptions.parse(withScenario(args));
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (boolean split : new boolean[] {false, true}) {
      String topology = split ? "2 gateways + realtime + data" : "1 node, every role";
      LOG.info("== {}", topology);
      List<ServerProcess> nodes = split ? cluster(options) : List.of(node(options, new JsonObject(), -1));
      try {
        List<Integer> gateways = nodes.stream().map(ServerProcess::port).filter(port -> port > 0).toList();
        long cpuBefore = nodes.stream().mapToLong(ServerProcess::cpuNanos).sum();
        rows.put(topology, measure(options, gateways));
        LOG.info("  CPU of the KVX JVMs over the whole run: {} s; resident memory: {}", String.format("%.1f",
          (nodes.stream().mapToLong(ServerProcess::cpuNanos).sum() - cpuBefore) / 1e9), residentMemory(nodes));
      } finally {
        for (ServerProcess node : nodes) {
          node.close();
        }
      }
    }
    LOG.info("| topology | server:now/s (p99 ms) | realtime:count/s (p99 ms) | notifications/s "
      + "| at half rate p50 / p99 ms |");
    rows.forEach((topology, row) -> LOG.info("| {} | {} |", topology, String.join(" | ", row)));
    System.exit(0);
  }

  /** Each node's resident set size, from /proc. */
  private static String residentMemory(List<ServerProcess> nodes) {
    List<String> sizes = new ArrayList<>();
    for (ServerProcess node : nodes) {
      try {
        String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + node.pid() + "/status"));
        String rss = status.lines().filter(line -> line.startsWith("VmRSS:")).findFirst().orElse("VmRSS: ?");
        sizes.add(rss.substring("VmRSS:".length()).trim());
      } catch (IOException e) {
        sizes.add("?");
      }
    }
    return String.join(", ", sizes);
  }

  /** The bench options parser wants a scenario first; this bench has one. */
  private static String[] withScenario(String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = "fanout";
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }

  private static List<String> measure(BenchOptions options, List<Integer> gateways) throws Exception {
    LoadResult now = requests(options, gateways, NOW_HEAD);
    LoadResult count = requests(options, gateways, COUNT_HEAD);
    LoadResult[] fanout = fanout(options, gateways);
    return List.of(String.format("%,.0f (%.1f)", now.perSecond(), now.p99Ms()),
      String.format("%,.0f (%.1f)", count.perSecond(), count.p99Ms()),
      String.format("%,.0f", fanout[0].perSecond()),
      String.format("%.2f / %.2f", fanout[1].p50Ms(), fanout[1].p99Ms()));
  }

  private static LoadResult requests(BenchOptions options, List<Integer> gateways, String head) throws Exception {
    Meter meter = new Meter();
    Vertx vertx = LoadScenario.generator();
    try {
      List<Future<String>> deployed = new ArrayList<>();
      int[] shares = LoadScenario.shares(options.connections(), gateways.size());
      for (int i = 0; i < gateways.size(); i++) {
        deployed.add(vertx.deployVerticle(WsLoad.sending(head, gateways.get(i), shares[i], options.inflight(),
          LoadScenario.KVX_SUCCESS, meter)));
      }
      Future.all(deployed).await(TIMEOUT_S, TimeUnit.SECONDS);
      return window(meter, options, head.contains("count") ? "realtime:count" : "server:now");
    } finally {
      meter.stop();
      vertx.close().await(TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  /** Most deliveries per second, then the latencies at half that rate. */
  private static LoadResult[] fanout(BenchOptions options, List<Integer> gateways) throws Exception {
    Meter meter = new Meter();
    AtomicLong delivered = new AtomicLong();
    Vertx vertx = LoadScenario.generator();
    try {
      int subscribers = options.subscribers();
      int[] shares = LoadScenario.shares(subscribers, gateways.size());
      List<Future<String>> deployed = new ArrayList<>();
      int first = 0;
      for (int i = 0; i < gateways.size(); i++) {
        deployed.add(vertx.deployVerticle(new FanoutLoad.Subscribers(gateways.get(i), true, first, shares[i], 1,
          meter, delivered)));
        first += shares[i];
      }
      Future.all(deployed).await(TIMEOUT_S, TimeUnit.SECONDS);
      FanoutLoad.Publisher publisher = new FanoutLoad.Publisher(gateways.get(0), true, 1, subscribers, delivered,
        meter);
      vertx.deployVerticle(publisher).await(TIMEOUT_S, TimeUnit.SECONDS);
      publisher.closedLoop(FANOUT_WINDOW);
      LoadResult max = window(meter, options, "fan-out, as fast as deliveries keep up");
      publisher.fixedRate(max.perSecond() / subscribers / 2);
      LoadResult half = window(meter, options, "fan-out at half that rate");
      return new LoadResult[] {max, half};
    } finally {
      meter.stop();
      vertx.close().await(TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  /** A warm-up, then the measured window; CPU figures are not taken (the load spreads over several JVMs). */
  private static LoadResult window(Meter meter, BenchOptions options, String what) throws InterruptedException {
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
    meter.interval();
    meter.errors();
    long begin = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.durationSeconds()));
    LoadResult result = LoadResult.of(meter.interval(), (System.nanoTime() - begin) / 1e9, meter.errors(), -1, -1,
      -1);
    LOG.info(String.format("  %s: %,.0f/s, p50 %.2f ms, p99 %.2f ms, %d errors", what, result.perSecond(),
      result.p50Ms(), result.p99Ms(), result.errors()));
    return result;
  }

  /** A data node, a realtime node and two gateways, in that order, on free loopback ports. */
  private static List<ServerProcess> cluster(BenchOptions options) throws IOException, InterruptedException {
    List<String> roles = List.of("document,security", "realtime", "gateway", "gateway");
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < roles.size(); i++) {
      try (ServerSocket probe = new ServerSocket(0)) {
        ports.add(probe.getLocalPort());
      }
    }
    JsonArray members = new JsonArray(ports.stream().map(port -> "127.0.0.1:" + port).toList());
    List<ServerProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < roles.size(); i++) {
        JsonObject cluster = new JsonObject().put("enabled", true).put("name", "bench-" + ProcessHandle.current()
          .pid()).put("host", "127.0.0.1").put("port", ports.get(i)).put("members", members);
        JsonObject config = new JsonObject().put("roles", roles.get(i)).put("cluster", cluster);
        nodes.add(node(options, config, roles.get(i).contains("gateway") ? -1 : 0));
      }
      return nodes;
    } catch (IOException | RuntimeException e) {
      for (ServerProcess node : nodes) {
        node.close();
      }
      throw e;
    }
  }

  private static ServerProcess node(BenchOptions options, JsonObject config, int port)
      throws IOException, InterruptedException {
    return ServerProcess.start(ServerProcess.Kind.KVX, options.serverHeap(), JVM_ARGS,
      List.of("--port", String.valueOf(port), "--config", config.encode()));
  }
}
