package io.kvx.bench.filters;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the filter engine comparison ({@code bench/filters.sh} drives it):
 *
 * <pre>
 * FilterBench measure --data DIR --out FILE [--check DIR] [--scenarios a,b] [--warmup 3] [--measure 5]
 *     [--min-passes 3] [--cap 30] [--attempts 3] [--max-other-cores 0.25]
 * FilterBench report --data DIR --results DIR
 * </pre>
 *
 * <p>{@code measure} times KVX's engine on the data set (as {@code bench/koncorde/driver.js} times Koncorde) and
 * writes the figures to FILE. {@code report} prints the comparison of the rounds in DIR and exits with 0 when every
 * goal is met, 1 when one is missed; 2 is a usage error and 3 a failure of the bench itself.
 */
public final class FilterBench {

  private static final Logger LOG = LoggerFactory.getLogger(FilterBench.class);
  /** The scenario whose filters the heap probe registers. */
  private static final String HEAP_SCENARIO = "equals-100k";
  private static final Map<String, String> DEFAULTS = defaults();
  private static final String USAGE = "usage: FilterBench measure --data DIR --out FILE [--check DIR] "
    + "[--scenarios a,b] [--warmup 3] [--measure 5] [--min-passes 3] [--cap 30] [--attempts 3] "
    + "[--max-other-cores 0.25] | report --data DIR --results DIR";

  private final Map<String, String> flags;

  private FilterBench(Map<String, String> flags) {
    this.flags = flags;
  }

  public static void main(String[] args) {
    int status;
    try {
      status = run(args);
    } catch (IllegalArgumentException e) {
      LOG.error(e.getMessage());
      status = 2;
    } catch (IOException | RuntimeException e) {
      LOG.error("filter bench failed: {}", e.toString(), e);
      status = 3;
    }
    System.exit(status);
  }

  private static int run(String[] args) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException(USAGE);
    }
    FilterBench bench = new FilterBench(flags(Arrays.copyOfRange(args, 1, args.length)));
    switch (args[0]) {
      case "measure":
        bench.measure();
        return 0;
      case "report":
        return Report.load(bench.data(), bench.path("--results")).print() ? 0 : 1;
      default:
        throw new IllegalArgumentException(USAGE);
    }
  }

  private void measure() throws IOException {
    DataSet data = data();
    Path check = flags.get("--check").isEmpty() ? null : path("--check");
    if (check != null) {
      Files.createDirectories(check);
    }
    MeasureOptions options = new MeasureOptions(number("--warmup"), number("--measure"),
      (int) number("--min-passes"), number("--cap"), (int) number("--attempts"), number("--max-other-cores"), check);
    JsonObject heap = KvxMeasure.heapPerFilter(data, data.scenario(HEAP_SCENARIO));
    LOG.info("kvx heap: {} bytes per filter ({})", Math.round(heap.getDouble("bytesPerFilter")), HEAP_SCENARIO);
    KvxMeasure measure = new KvxMeasure(options, DataSet.parseAll(data.documentLines()));
    JsonArray scenarios = new JsonArray();
    List<String> wanted = flags.get("--scenarios").isEmpty() ? List.of()
      : Arrays.asList(flags.get("--scenarios").split(","));
    for (Scenario scenario : data.scenarios(wanted)) {
      scenarios.add(measure.run(data, scenario));
      System.gc();
    }
    JsonObject report = new JsonObject().put("engine", "kvx")
      .put("runtime", "Java " + System.getProperty("java.runtime.version")).put("seed", data.seed())
      .put("heap", heap).put("scenarios", scenarios);
    Files.writeString(path("--out"), report.encodePrettily() + "\n");
  }

  private DataSet data() throws IOException {
    return DataSet.open(path("--data"));
  }

  private Path path(String flag) {
    String value = flags.get(flag);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(flag + " is required; " + USAGE);
    }
    return Path.of(value);
  }

  private double number(String flag) {
    try {
      return Double.parseDouble(flags.get(flag));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number; " + USAGE);
    }
  }

  private static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new HashMap<>(DEFAULTS);
    for (int i = 0; i < args.length; i += 2) {
      if (!flags.containsKey(args[i]) || i + 1 == args.length) {
        throw new IllegalArgumentException("unknown or incomplete flag " + args[i] + "; " + USAGE);
      }
      flags.put(args[i], args[i + 1]);
    }
    return flags;
  }

  private static Map<String, String> defaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("--data", "");
    defaults.put("--out", "");
    defaults.put("--results", "");
    defaults.put("--check", "");
    defaults.put("--scenarios", "");
    defaults.put("--warmup", "3");
    defaults.put("--measure", "5");
    defaults.put("--min-passes", "3");
    defaults.put("--cap", "30");
    defaults.put("--attempts", "3");
    defaults.put("--max-other-cores", "0.25");
    return defaults;
  }
}
