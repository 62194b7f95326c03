package io.kvx.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point: {@code Bench ws|http|memory|fanout|rooms|auth|all [flags]} (see {@link BenchOptions#USAGE}). Each
 * scenario runs against a bare Vert.x server, then against KVX, each in a fresh child JVM, and the summary compares
 * them within this run: on a small box the generator competes with the server, so only ratios from the same run mean
 * anything.
 */
public final class Bench {

  /** The logging configuration of the bench and its children (results printed as plain lines). */
  static final String LOGBACK = "logback-bench.xml";

  static {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Bench.class);
  /** KVX must keep at least this share of the bare server's throughput. */
  static final double RATIO_GOAL = 0.40;
  /** Most memory an idle WebSocket may cost KVX, in KB. */
  static final double MEMORY_GOAL_KB = 20;
  /** KVX must deliver at least this share of the bare broadcast server's notifications per second. */
  static final double FANOUT_RATIO_GOAL = 0.70;
  /** And at least this many notifications per second. */
  static final double FANOUT_RATE_GOAL = 100_000;
  /** With a p99 from publication to delivery under this, at half its maximum rate. */
  static final double FANOUT_P99_GOAL_MS = 10;
  /** A logged-in user with several profiles must keep at least this share of the anonymous throughput. */
  static final double AUTH_RATIO_GOAL = 0.90;
  /** Publications outstanding in the rooms scenario (one delivery each). */
  private static final long ROOMS_WINDOW = 512;

  private final BenchOptions options;
  private final List<String> summary = new ArrayList<>();
  private boolean goalMissed;

  private Bench(BenchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      LOG.error(e.getMessage());
      System.exit(2);
      return;
    }
    int status;
    try {
      status = new Bench(options).run() ? 0 : 1;
    } catch (Exception e) {
      LOG.error("bench failed: {}", e.toString(), e);
      status = 3;
    }
    System.exit(status);
  }

  /** Runs the scenarios; false when KVX missed a goal. */
  private boolean run() throws Exception {
    Runtime runtime = Runtime.getRuntime();
    LOG.info("KVX bench {} on {} processors, Java {} ({} {}), {} {}; {}",
      OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS), runtime.availableProcessors(),
      System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
      System.getProperty("java.vm.vendor"), System.getProperty("os.name"), System.getProperty("os.version"),
      options.describe());
    for (String scenario : options.scenarios()) {
      if (scenario.equals("memory")) {
        memory();
      } else if (scenario.equals("fanout")) {
        notifications(scenario, options.subscribers(), 1, 4L * options.subscribers());
      } else if (scenario.equals("auth")) {
        auth();
      } else if (scenario.equals("rooms")) {
        notifications(scenario, options.rooms(), options.rooms(), ROOMS_WINDOW);
      } else {
        load(scenario);
      }
    }
    LOG.info("");
    LOG.info("Summary (median of {} round(s))", options.rounds());
    summary.forEach(LOG::info);
    return !goalMissed;
  }

  private void load(String scenario) throws Exception {
    Map<ServerProcess.Kind, List<LoadResult>> results = new EnumMap<>(ServerProcess.Kind.class);
    for (int round = 1; round <= options.rounds(); round++) {
      for (ServerProcess.Kind kind : ServerProcess.Kind.values()) {
        boolean profiled = options.profileDir() != null && kind == ServerProcess.Kind.KVX && round == 1;
        results.computeIfAbsent(kind, k -> new ArrayList<>()).add(leastDisturbed(scenario, kind, round, profiled));
      }
    }
    summarizeLoad(scenario, results);
  }

  /**
   * Measures until other processes stay under {@link BenchOptions#maxOtherCpu()} during the window, at most
   * {@link BenchOptions#attempts()} times, and keeps the least disturbed measurement. Only the first is profiled.
   */
  private LoadResult leastDisturbed(String scenario, ServerProcess.Kind kind, int round, boolean profiled)
      throws Exception {
    LoadResult best = null;
    for (int attempt = 1; attempt <= options.attempts(); attempt++) {
      LOG.info("{} scenario, round {}/{}, {}{}", scenario, round, options.rounds(), kind.label(),
        attempt > 1 ? ", attempt " + attempt : "");
      boolean recorded = profiled && attempt == 1;
      List<String> jvm = recorded ? List.of(Jcmd.STACK_DEPTH_OPTION) : List.of();
      LoadResult result;
      try (ServerProcess server = ServerProcess.start(kind, options.serverHeap(), jvm, childArgs(kind, List.of()))) {
        Path recording = recorded ? options.profileDir().resolve("kvx-" + scenario + ".jfr") : null;
        result = LoadScenario.run(scenario, server, options, recording);
      }
      if (best == null || result.otherCpu() < best.otherCpu()) {
        best = result;
      }
      if (result.otherCpu() <= options.maxOtherCpu()) {
        break;
      }
      LOG.warn("  disturbed: other processes used {} cores during the window", String.format("%.2f",
        result.otherCpu()));
    }
    return best;
  }

  /** The arguments of a child: {@code kvxArgs} and the what-if configuration go to KVX only. */
  private List<String> childArgs(ServerProcess.Kind kind, List<String> kvxArgs) {
    if (kind != ServerProcess.Kind.KVX) {
      return List.of();
    }
    List<String> args = new ArrayList<>(kvxArgs);
    if (!options.kvxConfig().isEmpty()) {
      args.addAll(List.of("--config", options.kvxConfig()));
    }
    return args;
  }

  private void summarizeLoad(String scenario, Map<ServerProcess.Kind, List<LoadResult>> results) {
    String unit = scenario.equals("ws") ? "messages/s" : "requests/s";
    summary.add("");
    summary.add(scenario.equals("ws")
      ? "### ws: " + options.connections() + " WebSockets x " + options.inflight() + " requests in flight"
      : "### http: " + options.connections() + " keep-alive HTTP/1.1 connections, 1 request in flight each");
    summary.add("");
    summary.add("| Server | " + unit + " | p50 ms | p99 ms | max ms | errors | server CPU (cores) "
      + "| server CPU us/answer | generator CPU (cores) | other CPU (cores) |");
    summary.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    Map<ServerProcess.Kind, LoadResult> median = new EnumMap<>(ServerProcess.Kind.class);
    results.forEach((kind, list) -> {
      LoadResult result = list.stream().sorted(Comparator.comparingDouble(LoadResult::perSecond))
        .toList().get((list.size() - 1) / 2);
      median.put(kind, result);
      summary.add(String.format("| %s | %,.0f | %.2f | %.2f | %.1f | %d | %.2f | %.1f | %.2f | %.2f |",
        kind.label(), result.perSecond(), result.p50Ms(), result.p99Ms(), result.maxMs(), result.errors(),
        result.serverCpu(), result.serverMicrosPerAnswer(), result.generatorCpu(), result.otherCpu()));
    });
    LoadResult bare = median.get(ServerProcess.Kind.BARE);
    LoadResult kvx = median.get(ServerProcess.Kind.KVX);
    double ratio = kvx.perSecond() / bare.perSecond();
    boolean met = ratio >= RATIO_GOAL && kvx.errors() == 0;
    goalMissed |= !met;
    summary.add("");
    summary.add(String.format("KVX / bare = %.2f (goal >= %.2f, no errors): %s; p50 x%.1f, p99 x%.1f", ratio,
      RATIO_GOAL, met ? "MET" : "NOT MET", kvx.p50Ms() / bare.p50Ms(), kvx.p99Ms() / bare.p99Ms()));
  }

  /** A notification scenario, {@code fanout} (one room) or {@code rooms} (one subscriber per room). */
  private void notifications(String scenario, int subscribers, int rooms, long window) throws Exception {
    Map<ServerProcess.Kind, List<FanoutScenario.Result>> results = new EnumMap<>(ServerProcess.Kind.class);
    for (int round = 1; round <= options.rounds(); round++) {
      for (ServerProcess.Kind kind : ServerProcess.Kind.values()) {
        LOG.info("{} scenario, round {}/{}, {}", scenario, round, options.rounds(), kind.label());
        try (ServerProcess server = ServerProcess.start(kind, options.serverHeap(), List.of(),
            childArgs(kind, List.of()))) {
          results.computeIfAbsent(kind, k -> new ArrayList<>())
            .add(FanoutScenario.run(server, options, subscribers, rooms, window));
        }
      }
    }
    summary.add("");
    summary.add("### " + scenario + ": " + subscribers + " WebSocket subscribers in " + rooms + " room(s), one "
      + "publishing WebSocket");
    summary.add("");
    summary.add("| Server | notifications/s | p50 ms | p99 ms | errors | at half rate: p50 ms | p99 ms | max ms "
      + "| server CPU (cores) | server CPU us/notification |");
    summary.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    Map<ServerProcess.Kind, FanoutScenario.Result> median = new EnumMap<>(ServerProcess.Kind.class);
    results.forEach((kind, list) -> {
      FanoutScenario.Result result = list.stream().sorted(Comparator.comparingDouble(r -> r.max().perSecond()))
        .toList().get((list.size() - 1) / 2);
      median.put(kind, result);
      LoadResult max = result.max();
      LoadResult half = result.half();
      summary.add(String.format("| %s | %,.0f | %.2f | %.2f | %d | %.2f | %.2f | %.1f | %.2f | %.1f |", kind.label(),
        max.perSecond(), max.p50Ms(), max.p99Ms(), max.errors() + half.errors(), half.p50Ms(), half.p99Ms(),
        half.maxMs(), max.serverCpu(), max.serverMicrosPerAnswer()));
    });
    FanoutScenario.Result kvx = median.get(ServerProcess.Kind.KVX);
    double ratio = kvx.max().perSecond() / median.get(ServerProcess.Kind.BARE).max().perSecond();
    summary.add("");
    if (scenario.equals("fanout")) {
      boolean met = ratio >= FANOUT_RATIO_GOAL && kvx.max().perSecond() >= FANOUT_RATE_GOAL
        && kvx.half().p99Ms() < FANOUT_P99_GOAL_MS && kvx.max().errors() + kvx.half().errors() == 0;
      goalMissed |= !met;
      summary.add(String.format("KVX / bare = %.2f (goal >= %.2f), %,.0f notifications/s (goal >= %,.0f), p99 at "
          + "half rate %.2f ms (goal < %.0f ms), no errors: %s", ratio, FANOUT_RATIO_GOAL, kvx.max().perSecond(),
        FANOUT_RATE_GOAL, kvx.half().p99Ms(), FANOUT_P99_GOAL_MS, met ? "MET" : "NOT MET"));
    } else {
      summary.add(String.format("KVX / bare = %.2f (each KVX notification is also a realtime:publish request "
        + "answered to the publisher)", ratio));
    }
  }

  /**
   * The cost of security: on one KVX node, the {@code ws} load once to warm the JIT (not counted), then alternately
   * anonymous and with the token of a user holding 3 profiles and 10 policies, twice each; the logged-in rate is
   * compared with the anonymous one over the same number of runs.
   */
  private void auth() throws Exception {
    List<double[]> rounds = new ArrayList<>();
    List<LoadResult> logged = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      LOG.info("auth scenario, round {}/{}", round, options.rounds());
      List<String> jvm = options.profileDir() != null && round == 1 ? List.of(Jcmd.STACK_DEPTH_OPTION) : List.of();
      try (ServerProcess server = ServerProcess.start(ServerProcess.Kind.KVX, options.serverHeap(), jvm,
          childArgs(ServerProcess.Kind.KVX, List.of()))) {
        LOG.info("  warming up, anonymously");
        LoadScenario.run("ws", server, options, null);
        String jwt = SecuritySetup.loggedInUser(server.port());
        LOG.info("  logged in as a user with 3 profiles and {} policies", SecuritySetup.ROLES);
        double anonymous = 0;
        double user = 0;
        LoadResult last = null;
        for (int pass = 1; pass <= 2; pass++) {
          anonymous += LoadScenario.run("ws", server, options, null).perSecond();
          Path recording = options.profileDir() != null && round == 1 && pass == 2
            ? options.profileDir().resolve("kvx-auth.jfr") : null;
          last = LoadScenario.run("ws", server, options, recording, jwt);
          user += last.perSecond();
        }
        rounds.add(new double[] {anonymous / 2, user / 2, user / anonymous});
        logged.add(last);
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rounds.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble(i -> rounds.get(i)[2]));
    int median = order.get((rounds.size() - 1) / 2);
    double[] chosen = rounds.get(median);
    LoadResult user = logged.get(median);
    boolean met = chosen[2] >= AUTH_RATIO_GOAL && user.errors() == 0;
    goalMissed |= !met;
    summary.add("");
    summary.add("### auth: " + options.connections() + " WebSockets x " + options.inflight()
      + " server:now in flight, anonymous and as a user with 3 profiles and 10 policies, alternately");
    summary.add("");
    summary.add("| Requests | messages/s (mean of 2 runs) | p50 ms | p99 ms | errors |");
    summary.add("| --- | ---: | ---: | ---: | ---: |");
    summary.add(String.format("| anonymous | %,.0f | | | |", chosen[0]));
    summary.add(String.format("| logged-in user | %,.0f | %.2f | %.2f | %d |", chosen[1], user.p50Ms(),
      user.p99Ms(), user.errors()));
    summary.add("");
    summary.add(String.format("logged-in / anonymous = %.2f (goal >= %.2f, no errors): %s", chosen[2],
      AUTH_RATIO_GOAL, met ? "MET" : "NOT MET"));
  }

  private void memory() throws Exception {
    Map<ServerProcess.Kind, MemoryScenario.Result> results = new EnumMap<>(ServerProcess.Kind.class);
    for (ServerProcess.Kind kind : ServerProcess.Kind.values()) {
      LOG.info("memory scenario, {} idle WebSockets, {}", options.idleConnections(), kind.label());
      List<String> args = childArgs(kind, List.of("--idle-timeout", String.valueOf(MemoryScenario.IDLE_TIMEOUT_MS)));
      try (ServerProcess server = ServerProcess.start(kind, options.serverHeap(), List.of(), args)) {
        results.put(kind, MemoryScenario.run(server, options, options.profileDir() != null));
      }
    }
    summary.add("");
    summary.add("### memory: " + options.idleConnections() + " idle WebSockets");
    summary.add("");
    summary.add("| Server | connections counted | heap KB/conn | direct KB/conn | total KB/conn | closed early |");
    summary.add("| --- | ---: | ---: | ---: | ---: | ---: |");
    results.forEach((kind, result) -> summary.add(String.format("| %s | %d | %.2f | %.2f | %.2f | %d |",
      kind.label(), result.connections(), result.heapKbPerConnection(), result.directKbPerConnection(),
      result.kbPerConnection(), result.closedEarly())));
    MemoryScenario.Result kvx = results.get(ServerProcess.Kind.KVX);
    boolean met = kvx.kbPerConnection() <= MEMORY_GOAL_KB && kvx.connections() == options.idleConnections();
    goalMissed |= !met;
    summary.add("");
    summary.add(String.format("KVX: %.2f KB per idle WebSocket (goal <= %.0f KB): %s", kvx.kbPerConnection(),
      MEMORY_GOAL_KB, met ? "MET" : "NOT MET"));
  }
}
