package io.kvx.bench.documents;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line of {@link DocumentsBench}: actions ({@code create}, {@code mCreate}, {@code get}, default all three)
 * followed by {@code --name value} flags.
 *
 * @param actions the actions to measure, in order
 * @param jar the KVX jar each run starts
 * @param runs fresh servers per action; figures are the median run
 * @param connections WebSockets
 * @param inflight requests each WebSocket keeps in flight
 * @param warmupSeconds load applied before measuring
 * @param durationSeconds measured window
 * @param batch documents per {@code mCreate}
 * @param serverOptions JVM options of the server, split on spaces (empty: none)
 */
record DocumentsOptions(List<String> actions, Path jar, int runs, int connections, int inflight, int warmupSeconds,
    int durationSeconds, int batch, List<String> serverOptions) {
  static final List<String> ACTIONS = List.of("create", "mCreate", "get");
  private static final Map<String, String> DEFAULTS = defaults();

  static final String USAGE = "usage: DocumentsBench [create|mCreate|get]..." + DEFAULTS.entrySet().stream()
    .map(flag -> " [" + flag.getKey() + " " + (flag.getValue().isEmpty() ? "VALUE" : flag.getValue()) + "]")
    .reduce("", String::concat);

  private static Map<String, String> defaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("--jar", "server/target/kvx.jar");
    defaults.put("--runs", "3");
    defaults.put("--connections", "64");
    defaults.put("--inflight", "16");
    defaults.put("--warmup", "40");
    defaults.put("--duration", "10");
    defaults.put("--batch", "200");
    defaults.put("--server-opts", "");
    return defaults;
  }

  static DocumentsOptions parse(String[] args) {
    List<String> actions = new ArrayList<>();
    int i = 0;
    for (; i < args.length && !args[i].startsWith("--"); i++) {
      if (!ACTIONS.contains(args[i])) {
        throw new IllegalArgumentException("unknown action " + args[i] + "; " + USAGE);
      }
      actions.add(args[i]);
    }
    Map<String, String> values = new HashMap<>(DEFAULTS);
    for (; i < args.length; i += 2) {
      if (!DEFAULTS.containsKey(args[i])) {
        throw new IllegalArgumentException("unknown flag " + args[i] + "; " + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + args[i] + "; " + USAGE);
      }
      values.put(args[i], args[i + 1]);
    }
    String serverOptions = values.get("--server-opts").trim();
    return new DocumentsOptions(actions.isEmpty() ? ACTIONS : List.copyOf(actions), Path.of(values.get("--jar")),
      positive(values, "--runs"), positive(values, "--connections"), positive(values, "--inflight"),
      positive(values, "--warmup"), positive(values, "--duration"), positive(values, "--batch"),
      serverOptions.isEmpty() ? List.of() : List.of(serverOptions.split("\\s+")));
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

  String describe() {
    return "jar=" + jar + " runs=" + runs + " connections=" + connections + " inflight=" + inflight + " warmup="
      + warmupSeconds + "s duration=" + durationSeconds + "s batch=" + batch
      + (serverOptions.isEmpty() ? "" : " server-opts=" + String.join(" ", serverOptions));
  }
}
