package io.kvx.bench.filters;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The comparison table of the rounds in a results directory ({@code kvx-N.json} and {@code koncorde-N.json}, with the
 * check files of one round in {@code check/}): median figures per scenario, the goals, and the match cross-check.
 */
final class Report {

  private static final Logger LOG = LoggerFactory.getLogger(Report.class);
  /** Filters per second KVX must register, for each kind of simple (one-clause) filter. */
  static final double REGISTRATION_GOAL = 50_000;
  /** Most heap one equals filter may take in KVX, in bytes. */
  static final double HEAP_GOAL_BYTES = 1024;
  /** Least ratio of KVX's documents per second to Koncorde's, per kind of filter. */
  private static final Map<String, Double> MATCH_GOALS = Map.of("equals", 2.0, "in", 2.0, "exists", 2.0,
    "geoDistance", 2.0, "geoBoundingBox", 2.0, "range", 10.0, "and", 100.0, "bool", 100.0, "compound-broad", 100.0);
  private static final Set<String> SIMPLE_KINDS = Set.of("equals", "in", "exists", "range", "geoDistance",
    "geoBoundingBox");
  private static final String HEADER = "| scenario | filters | KVX reg/s | Koncorde reg/s | KVX docs/s "
    + "| Koncorde docs/s | ratio | goal | met | reg >= 50k/s | KVX matches | Koncorde matches | equal | matches/doc |";
  /** A timed sweep during which other processes kept more cores busy than this is reported as disturbed. */
  private static final double DISTURBED_CORES = 0.25;
  private static final String SEPARATOR = "|" + " --- |".repeat(14);

  private final DataSet data;
  private final Path results;
  private final List<JsonObject> kvxRounds;
  private final List<JsonObject> koncordeRounds;
  private final List<String> misses = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private Report(DataSet data, Path results, List<JsonObject> kvxRounds, List<JsonObject> koncordeRounds) {
    this.data = data;
    this.results = results;
    this.kvxRounds = kvxRounds;
    this.koncordeRounds = koncordeRounds;
  }

  static Report load(DataSet data, Path results) throws IOException {
    List<JsonObject> kvx = rounds(results, "kvx-");
    List<JsonObject> koncorde = rounds(results, "koncorde-");
    if (kvx.isEmpty() || koncorde.isEmpty()) {
      throw new IllegalArgumentException("no kvx-N.json or koncorde-N.json in " + results);
    }
    return new Report(data, results, kvx, koncorde);
  }

  /** Prints the table and the checks; true when every goal is met and both engines matched the same filters. */
  boolean print() throws IOException {
    List<Scenario> scenarios = data.scenarios(List.of()).stream()
      .filter(scenario -> find(kvxRounds.get(0), scenario.name()) != null
        && find(koncordeRounds.get(0), scenario.name()) != null)
      .collect(Collectors.toList());
    JsonObject koncorde = koncordeRounds.get(0);
    LOG.info("");
    LOG.info("Realtime filter engine: KVX ({}) against Koncorde {} ({}); seed {}, {} documents; median of {} round(s)",
      kvxRounds.get(0).getString("runtime"), koncorde.getString("version"), koncorde.getString("runtime"),
      data.seed(), koncorde.getJsonArray("scenarios").getJsonObject(0).getInteger("documents"), kvxRounds.size());
    LOG.info("");
    LOG.info(HEADER);
    LOG.info(SEPARATOR);
    for (Scenario scenario : scenarios) {
      LOG.info(row(scenario));
    }
    LOG.info("");
    heap();
    crossCheck(scenarios);
    noteDisturbed("KVX", kvxRounds);
    noteDisturbed("Koncorde", koncordeRounds);
    notes.forEach(LOG::info);
    LOG.info(misses.isEmpty() ? "All goals met." : "Goals missed: " + String.join("; ", misses) + ".");
    return misses.isEmpty();
  }

  private String row(Scenario scenario) {
    Figures kvx = figures(kvxRounds, scenario.name());
    Figures koncorde = figures(koncordeRounds, scenario.name());
    double ratio = kvx.matchRate / koncorde.matchRate;
    Double goal = MATCH_GOALS.get(scenario.kind());
    boolean met = goal == null || ratio >= goal;
    if (!met) {
      misses.add(String.format(Locale.ROOT, "%s matching %.1fx < %.0fx", scenario.name(), ratio, goal));
    }
    String registration = "-";
    if (SIMPLE_KINDS.contains(scenario.kind())) {
      boolean fast = kvx.registerRate >= REGISTRATION_GOAL;
      registration = fast ? "yes" : "NO";
      if (!fast) {
        misses.add(scenario.name() + " registration " + count(kvx.registerRate) + "/s < " + count(REGISTRATION_GOAL));
      }
    }
    noteShortSweeps(scenario, "KVX", kvx);
    noteShortSweeps(scenario, "Koncorde", koncorde);
    noteRegistrations(scenario, kvx, koncorde);
    boolean equal = kvx.totalMatches >= 0 && kvx.totalMatches == koncorde.totalMatches;
    return String.join(" | ", "| " + scenario.name(), count(scenario.filters()), count(kvx.registerRate),
      count(koncorde.registerRate), count(kvx.matchRate), count(koncorde.matchRate),
      String.format(Locale.ROOT, "%.1fx", ratio), goal == null ? "-" : String.format(Locale.ROOT, ">= %.0fx", goal),
      met ? "yes" : "NO", registration, count(kvx.totalMatches), count(koncorde.totalMatches), equal ? "yes" : "NO",
      String.format(Locale.ROOT, "%.2f |", (double) kvx.totalMatches / kvx.documents));
  }

  private void heap() {
    double kvx = kvxRounds.get(0).getJsonObject("heap").getDouble("bytesPerFilter");
    double koncorde = koncordeRounds.get(0).getJsonObject("heap").getDouble("bytesPerFilter");
    boolean met = kvx <= HEAP_GOAL_BYTES;
    LOG.info("Heap per filter after registering the {} filters of {}: KVX {} B (goal <= {} B: {}), Koncorde {} B "
        + "(Node heap)", count(kvxRounds.get(0).getJsonObject("heap").getInteger("filters")),
      kvxRounds.get(0).getJsonObject("heap").getString("scenario"), count(kvx), count(HEAP_GOAL_BYTES),
      met ? "met" : "MISSED", count(koncorde));
    if (!met) {
      misses.add("heap " + count(kvx) + " B per filter > " + count(HEAP_GOAL_BYTES) + " B");
    }
  }

  /** Compares the check files of both engines, document by document, and shows the first differences. */
  private void crossCheck(List<Scenario> scenarios) throws IOException {
    int compared = 0;
    int differing = 0;
    for (Scenario scenario : scenarios) {
      Path kvx = results.resolve("check").resolve("kvx-" + scenario.name() + ".txt");
      Path koncorde = results.resolve("check").resolve("koncorde-" + scenario.name() + ".txt");
      if (!Files.exists(kvx) || !Files.exists(koncorde)) {
        continue;
      }
      compared++;
      CrossCheck check = CrossCheck.compare(kvx, koncorde);
      if (!check.same()) {
        differing++;
        showDifferences(scenario, check);
      }
    }
    LOG.info("Cross-check: per-document matches compared in {} of {} scenarios, {} with differences.", compared,
      scenarios.size(), differing);
  }

  private void showDifferences(Scenario scenario, CrossCheck check) throws IOException {
    misses.add(scenario.name() + ": matches differ on " + check.documentsDiffering() + " documents");
    LOG.info("DIFFERENCE in {}: {} documents differ; {} matches by KVX only, {} by Koncorde only. First ones:",
      scenario.name(), check.documentsDiffering(), check.onlyFirst(), check.onlySecond());
    List<String> documents = data.documentLines();
    List<String> filters = data.filterLines(scenario);
    for (CrossCheck.Difference difference : check.examples()) {
      LOG.info("  matched by {} only: filter line {} {}", difference.byFirst() ? "KVX" : "Koncorde",
        difference.filter() + 1, filters.get(difference.filter()));
      LOG.info("    document line {} {}", difference.document() + 1, documents.get(difference.document()));
    }
  }

  private void noteShortSweeps(Scenario scenario, String engine, Figures figures) {
    if (figures.passes < 1) {
      notes.add(String.format(Locale.ROOT, "%s %s: timed on %.0f documents (%.2f of a pass), its --cap.", engine,
        scenario.name(), figures.passes * figures.documents, figures.passes));
    }
  }

  /** One line per engine and round listing the timings that stayed disturbed, with the cores others used. */
  private void noteDisturbed(String engine, List<JsonObject> rounds) {
    for (int round = 0; round < rounds.size(); round++) {
      List<String> disturbed = new ArrayList<>();
      for (Object entry : rounds.get(round).getJsonArray("scenarios")) {
        JsonObject run = (JsonObject) entry;
        disturbed(disturbed, run.getString("name") + " registration", run.getDouble("registerOtherCores", 0.0));
        disturbed(disturbed, run.getString("name") + " matching", run.getDouble("otherCores", 0.0));
      }
      if (!disturbed.isEmpty()) {
        notes.add(String.format(Locale.ROOT, "Disturbed, %s round %d (cores other processes used during the least "
          + "disturbed attempt): %s.", engine, round + 1, String.join(", ", disturbed)));
      }
    }
  }

  private static void disturbed(List<String> disturbed, String timing, double others) {
    if (others > DISTURBED_CORES) {
      disturbed.add(String.format(Locale.ROOT, "%s %.2f", timing, others));
    }
  }

  private void noteRegistrations(Scenario scenario, Figures kvx, Figures koncorde) {
    if (kvx.registered != koncorde.registered || kvx.rejected + koncorde.rejected > 0) {
      misses.add(scenario.name() + ": registrations differ");
      notes.add(String.format(Locale.ROOT, "%s: KVX holds %d filters (%d rejected, %s), Koncorde %d (%d rejected, "
          + "%s).", scenario.name(), kvx.registered, kvx.rejected, kvx.firstError, koncorde.registered,
        koncorde.rejected, koncorde.firstError));
    }
  }

  private static Figures figures(List<JsonObject> rounds, String scenario) {
    List<JsonObject> runs = rounds.stream().map(round -> find(round, scenario)).filter(run -> run != null)
      .collect(Collectors.toList());
    JsonObject first = runs.get(0);
    return new Figures(median(runs, run -> run.getInteger("filters") / run.getDouble("registerSeconds")),
      median(runs, run -> run.getLong("tested") / run.getDouble("matchSeconds")),
      runs.stream().mapToDouble(run -> (double) run.getLong("tested") / run.getInteger("documents")).min().orElse(0),
      first.getInteger("documents"), first.getInteger("registered"), first.getInteger("rejected"),
      first.getString("firstError"),
      runs.stream().mapToLong(run -> run.getLong("totalMatches")).max().orElse(-1));
  }

  private static double median(List<JsonObject> runs, ToDoubleFunction<JsonObject> figure) {
    double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  private static JsonObject find(JsonObject round, String scenario) {
    return round.getJsonArray("scenarios").stream().map(JsonObject.class::cast)
      .filter(result -> result.getString("name").equals(scenario)).findFirst().orElse(null);
  }

  private static List<JsonObject> rounds(Path results, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(results)) {
      List<Path> paths = files.filter(file -> file.getFileName().toString().matches(prefix + "\\d+\\.json"))
        .sorted().collect(Collectors.toList());
      List<JsonObject> rounds = new ArrayList<>();
      for (Path path : paths) {
        rounds.add(new JsonObject(Files.readString(path)));
      }
      return rounds;
    }
  }

  private static String count(double value) {
    return String.format(Locale.ROOT, "%,d", Math.round(value));
  }

  private record Figures(double registerRate, double matchRate, double passes, int documents, int registered,
      int rejected, String firstError, long totalMatches) {
  }
}
