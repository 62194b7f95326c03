package io.kvx.bench.mqtt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command line of {@link MqttBench}: {@code [requests|notifications|pubsub|all]... [flags]}, see {@link #USAGE}.
 *
 * @param scenarios what to run, in order
 * @param clients MQTT clients of the requests scenario
 * @param inflight requests each of them keeps in flight
 * @param subscribers MQTT subscribers of the notifications scenario
 * @param pairs publisher/subscriber pairs of the pubsub scenario, one topic each
 * @param window messages a pair keeps outstanding (published, not yet delivered)
 * @param payloadBytes size of a pubsub message
 * @param warmupSeconds load before each measured window
 * @param jitWarmupSeconds more load before the first window of a freshly started broker, so that the JIT compilation
 *     of the KVX child is not measured (Mosquitto gets the same)
 * @param durationSeconds length of a measured window
 * @param rounds repetitions of each scenario; the summary shows the median round
 * @param attempts most windows measured in a row when other processes disturb one; the least disturbed is kept
 * @param maxOtherCpu cores other processes may use during a window before it is measured again
 * @param serverHeap {@code -Xms}/{@code -Xmx} of the KVX child
 * @param mosquitto the Mosquitto executable
 * @param profileDir where Flight Recorder recordings of KVX go, or {@code null}
 */
record MqttBenchOptions(List<String> scenarios, int clients, int inflight, int subscribers, int pairs, int window,
    int payloadBytes, int warmupSeconds, int jitWarmupSeconds, int durationSeconds, int rounds, int attempts,
    double maxOtherCpu, String serverHeap, String mosquitto, Path profileDir) {
  static final String USAGE = "usage: MqttBench [requests|notifications|pubsub|all]... [--clients 64] [--inflight 16]"
    + " [--subscribers 1000] [--pairs 32] [--window 16] [--payload 100] [--warmup 5] [--jit-warmup 15]"
    + " [--duration 10] [--rounds 1] [--attempts 3] [--max-other-cpu 0.15] [--server-heap 1g]"
    + " [--mosquitto mosquitto] [--profile DIR]";
  private static final List<String> ALL = List.of("requests", "notifications", "pubsub");

  /** Parses the arguments; an {@link IllegalArgumentException} carries the usage. */
  static MqttBenchOptions parse(String[] args) {
    List<String> scenarios = new ArrayList<>();
    Flags flags = new Flags();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        addScenario(scenarios, arg);
      } else if (i + 1 < args.length) {
        flags.set(arg, args[++i]);
      } else {
        throw new IllegalArgumentException(arg + " needs a value\n" + USAGE);
      }
    }
    return flags.options(scenarios.isEmpty() ? ALL : scenarios);
  }

  private static void addScenario(List<String> scenarios, String name) {
    if (name.equals("all")) {
      scenarios.addAll(ALL);
    } else if (ALL.contains(name)) {
      scenarios.add(name);
    } else {
      throw new IllegalArgumentException("unknown scenario " + name + "\n" + USAGE);
    }
  }

  String describe() {
    return String.format("%s; %d clients x %d in flight, %d subscribers, %d pairs x %d outstanding, %d-byte messages,"
        + " warm-up %d s (%d s more on a fresh broker), windows of %d s, %d round(s)", String.join(", ", scenarios),
      clients, inflight, subscribers, pairs, window, payloadBytes, warmupSeconds, jitWarmupSeconds, durationSeconds,
      rounds);
  }

  /** The flag values read so far, with their defaults. */
  private static final class Flags {
    private static final Set<String> KNOWN = Set.of("--clients", "--inflight", "--subscribers", "--pairs",
      "--window", "--payload", "--warmup", "--jit-warmup", "--duration", "--rounds", "--attempts", "--max-other-cpu",
      "--server-heap", "--mosquitto", "--profile");
    private int clients = 64;
    private int inflight = 16;
    private int subscribers = 1000;
    private int pairs = 32;
    private int window = 16;
    private int payload = 100;
    private int warmup = 5;
    private int jitWarmup = 15;
    private int duration = 10;
    private int rounds = 1;
    private int attempts = 3;
    private double maxOtherCpu = 0.15;
    private String heap = "1g";
    private String mosquitto = "mosquitto";
    private Path profile;

    void set(String flag, String value) {
      if (!KNOWN.contains(flag)) {
        throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
      }
      try {
        switch (flag) {
          case "--clients" -> clients = positive(value);
          case "--inflight" -> inflight = positive(value);
          case "--subscribers" -> subscribers = positive(value);
          case "--pairs" -> pairs = positive(value);
          case "--window" -> window = positive(value);
          case "--payload" -> payload = Math.max(24, positive(value));
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--jit-warmup" -> jitWarmup = Integer.parseInt(value);
          case "--duration" -> duration = positive(value);
          case "--rounds" -> rounds = positive(value);
          case "--attempts" -> attempts = positive(value);
          case "--max-other-cpu" -> maxOtherCpu = Double.parseDouble(value);
          case "--server-heap" -> heap = value;
          case "--mosquitto" -> mosquitto = value;
          default -> profile = Path.of(value);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " " + value + ": not a number\n" + USAGE, e);
      }
    }

    private static int positive(String value) {
      int parsed = Integer.parseInt(value);
      if (parsed <= 0) {
        throw new NumberFormatException(value);
      }
      return parsed;
    }

    MqttBenchOptions options(List<String> scenarios) {
      return new MqttBenchOptions(List.copyOf(scenarios), clients, inflight, subscribers, pairs, window, payload,
        warmup, jitWarmup, duration, rounds, attempts, maxOtherCpu, heap, mosquitto, profile);
    }
  }
}
