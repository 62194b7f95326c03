package io.kvx.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line of {@link Bench}: {@code ws|http|memory|fanout|rooms|auth|all} followed by {@code --name value} flags.
 *
 * @param scenarios the scenarios to run, in order
 * @param connections concurrent connections of the {@code ws} and {@code http} scenarios
 * @param inflight requests each WebSocket keeps in flight
 * @param warmupSeconds load applied before measuring
 * @param durationSeconds measured window
 * @param rounds how many times each bare/KVX pair runs; figures are the median round
 * @param idleConnections WebSockets opened by the {@code memory} scenario
 * @param subscribers subscribers of the one room of the {@code fanout} scenario
 * @param rooms rooms, with one subscriber each, of the {@code rooms} scenario
 * @param maxOtherCpu a measurement during which other processes used more CPU than this (cores) is run again
 * @param attempts most runs of one measurement when it keeps being disturbed; the least disturbed is kept
 * @param profileDir when set, a JFR recording of the KVX child's measured window is written there and summarised
 * @param serverHeap {@code -Xms} and {@code -Xmx} of the child servers
 * @param kvxConfig JSON merged over the KVX child's configuration, for what-if runs (empty: none); the reference
 *     figures use none
 */
record BenchOptions(List<String> scenarios, int connections, int inflight, int warmupSeconds, int durationSeconds,
    int rounds, int idleConnections, int subscribers, int rooms, double maxOtherCpu, int attempts, Path profileDir,
    String serverHeap, String kvxConfig) {
  private static final List<String> ALL = List.of("ws", "http", "memory", "fanout", "rooms", "auth");
  private static final Map<String, String> DEFAULTS = defaults();

  static final String USAGE = "usage: Bench ws|http|memory|fanout|rooms|auth|all" + DEFAULTS.entrySet().stream()
    .map(flag -> " [" + flag.getKey() + " " + (flag.getValue().isEmpty() ? "VALUE" : flag.getValue()) + "]")
    .reduce("", String::concat);

  private static Map<String, String> defaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("--connections", "64");
    defaults.put("--inflight", "16");
    defaults.put("--warmup", "5");
    defaults.put("--duration", "15");
    defaults.put("--rounds", "1");
    defaults.put("--idle-connections", "10000");
    defaults.put("--subscribers", "1000");
    defaults.put("--rooms", "10000");
    defaults.put("--max-other-cpu", "0.15");
    defaults.put("--attempts", "3");
    defaults.put("--server-heap", "1g");
    defaults.put("--profile", "");
    defaults.put("--kvx-config", "");
    return defaults;
  }

  static BenchOptions parse(String[] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException(USAGE);
    }
    String scenario = args[0];
    if (!scenario.equals("all") && !ALL.contains(scenario)) {
      throw new IllegalArgumentException("unknown scenario " + scenario + "; " + USAGE);
    }
    Map<String, String> values = new HashMap<>(DEFAULTS);
    for (int i = 1; i < args.length; i += 2) {
      if (!DEFAULTS.containsKey(args[i])) {
        throw new IllegalArgumentException("unknown flag " + args[i] + "; " + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + args[i] + "; " + USAGE);
      }
      values.put(args[i], args[i + 1]);
    }
    String profile = values.get("--profile");
    return new BenchOptions(scenario.equals("all") ? ALL : List.of(scenario), positive(values, "--connections"),
      positive(values, "--inflight"), positive(values, "--warmup"), positive(values, "--duration"),
      positive(values, "--rounds"), positive(values, "--idle-connections"), positive(values, "--subscribers"),
      positive(values, "--rooms"), cores(values, "--max-other-cpu"),
      positive(values, "--attempts"), profile.isEmpty() ? null : Path.of(profile), values.get("--server-heap"),
      values.get("--kvx-config"));
  }

  private static int positive(Map<String, String> values, String flag) {
    String value = values.get(flag);
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a whole number, got " + value, e);
    }
    if (parsed <= 0 || parsed > 1_000_000) {
      throw new IllegalArgumentException(flag + " must be between 1 and 1000000, got " + value);
    }
    return parsed;
  }

  private static double cores(Map<String, String> values, String flag) {
    String value = values.get(flag);
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a number, got " + value, e);
    }
  }

  /** The settings, for the report. */
  String describe() {
    return "connections=" + connections + " inflight=" + inflight + " warmup=" + warmupSeconds + "s duration="
      + durationSeconds + "s rounds=" + rounds + " idle-connections=" + idleConnections + " subscribers="
      + subscribers + " rooms=" + rooms + " max-other-cpu="
      + maxOtherCpu + " attempts=" + attempts + " server-heap=" + serverHeap
      + (kvxConfig.isEmpty() ? "" : " kvx-config=" + kvxConfig);
  }
}
