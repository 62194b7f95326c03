package io.kvx.bench.filters;

import io.kvx.realtime.filter.FilterEngine;
import io.kvx.realtime.filter.FilterId;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Times KVX's {@link FilterEngine} on one scenario: registration of the whole filter set, then matching, with the
 * protocol of {@code bench/koncorde/driver.js}. The result is a JSON object with the driver's field names.
 */
final class KvxMeasure {

  private static final Logger LOG = LoggerFactory.getLogger(KvxMeasure.class);
  private static final String INDEX = "bench";
  private static final String COLLECTION = "items";
  /** Filters registered into throwaway engines before the timed registration, at least, to warm the JIT up. */
  private static final int WARMUP_FILTERS = 10_000;
  /** Documents tested between two looks at the clock. */
  private static final int CLOCK_EVERY = 16;
  private static final int SETTLING_GCS = 5;

  private final MeasureOptions options;
  private final List<Map<String, Object>> documents;

  KvxMeasure(MeasureOptions options, List<Map<String, Object>> documents) {
    this.options = options;
    this.documents = documents;
  }

  JsonObject run(DataSet data, Scenario scenario) throws IOException {
    List<String> lines = data.filterLines(scenario);
    warmRegistration(DataSet.parseAll(lines), options.warmupSeconds());
    Registration registration = leastDisturbed(() -> timedRegistration(lines), r -> r.otherCores);
    FilterEngine engine = registration.engine;
    sweep(engine, options.warmupSeconds(), 0, options.warmupSeconds());
    Sweep timed = leastDisturbed(() -> sweep(engine, options.measureSeconds(),
      (long) options.minPasses() * documents.size(), options.capSeconds()), Sweep::otherCores);
    long total = options.checkDir() == null ? -1
      : check(engine, registration.ids, options.checkDir().resolve("kvx-" + scenario.name() + ".txt"));
    LOG.info("kvx {}: {} filters/s, {} documents/s{}", scenario.name(),
      Math.round(lines.size() / registration.seconds), Math.round(timed.tested / timed.seconds),
      total < 0 ? "" : ", " + total + " matches over the " + documents.size() + " documents");
    return new JsonObject().put("name", scenario.name()).put("kind", scenario.kind()).put("filters", lines.size())
      .put("registered", engine.filterCount()).put("rejected", registration.rejected)
      .put("firstError", registration.firstError).put("registerSeconds", registration.seconds)
      .put("registerOtherCores", registration.otherCores).put("tested", timed.tested)
      .put("matchSeconds", timed.seconds).put("testedMatches", timed.matches).put("otherCores", timed.otherCores)
      .put("documents", documents.size()).put("totalMatches", total);
  }

  /**
   * Registers the filters, from the first one again after the last (each pass into a new engine), until at least
   * {@value #WARMUP_FILTERS} are registered and {@code warmupSeconds} have passed: the JIT warm-up matching gets too.
   */
  private static void warmRegistration(List<Map<String, Object>> filters, double warmupSeconds) {
    long start = System.nanoTime();
    FilterEngine engine = null;
    for (long n = 0; !filters.isEmpty() && (n < WARMUP_FILTERS || (System.nanoTime() - start) / 1e9 < warmupSeconds);
        n++) {
      int i = (int) (n % filters.size());
      engine = i == 0 ? new FilterEngine() : engine;
      try {
        engine.register(INDEX, COLLECTION, filters.get(i));
      } catch (RuntimeException e) {
        // Counted by the timed registration.
      }
    }
  }

  /** Registers the filters, parsed beforehand, into a fresh engine; the registration alone is timed. */
  private static Registration timedRegistration(List<String> lines) {
    List<Map<String, Object>> filters = DataSet.parseAll(lines);
    System.gc();
    FilterEngine engine = new FilterEngine();
    CpuProbe cpu = CpuProbe.start();
    long start = System.nanoTime();
    Registration registration = registerAll(engine, filters);
    registration.seconds = (System.nanoTime() - start) / 1e9;
    registration.otherCores = cpu.otherCores();
    return registration;
  }

  /**
   * Runs a measurement again while other processes kept more than {@code maxOtherCores} busy during it, up to
   * {@code attempts} times, and keeps the least disturbed one.
   */
  private <T> T leastDisturbed(Supplier<T> measurement, ToDoubleFunction<T> otherCores) {
    T best = measurement.get();
    for (int attempt = 1; attempt < options.attempts() && otherCores.applyAsDouble(best) > options.maxOtherCores();
        attempt++) {
      T next = measurement.get();
      if (otherCores.applyAsDouble(next) < otherCores.applyAsDouble(best)) {
        best = next;
      }
    }
    return best;
  }

  /** Heap growth per filter while registering a scenario's filters, parsed one at a time and then dropped. */
  static JsonObject heapPerFilter(DataSet data, Scenario scenario) throws IOException {
    List<String> lines = data.filterLines(scenario);
    long before = settledHeap();
    FilterEngine engine = new FilterEngine();
    lines.forEach(line -> engine.register(INDEX, COLLECTION, DataSet.parse(line)));
    long after = settledHeap();
    int held = engine.filterCount();
    Reference.reachabilityFence(engine);
    return new JsonObject().put("scenario", scenario.name()).put("filters", held)
      .put("bytesPerFilter", (double) (after - before) / held);
  }

  private static long settledHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < SETTLING_GCS; i++) {
      memory.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** Registers every filter; a rejected filter leaves null in its slot and is counted. */
  private static Registration registerAll(FilterEngine engine, List<Map<String, Object>> filters) {
    Registration registration = new Registration(engine, new FilterId[filters.size()]);
    for (int i = 0; i < filters.size(); i++) {
      try {
        registration.ids[i] = engine.register(INDEX, COLLECTION, filters.get(i));
      } catch (RuntimeException e) {
        registration.reject(i, e);
      }
    }
    return registration;
  }

  /**
   * Tests the documents in order, from the first one again after the last, until {@code minTested} documents and
   * {@code minSeconds} are done, or {@code capSeconds} have passed.
   */
  private Sweep sweep(FilterEngine engine, double minSeconds, long minTested, double capSeconds) {
    CpuProbe cpu = CpuProbe.start();
    long start = System.nanoTime();
    long tested = 0;
    long matches = 0;
    while (true) {
      for (int i = 0; i < CLOCK_EVERY; i++) {
        matches += engine.test(INDEX, COLLECTION, documents.get((int) (tested % documents.size()))).size();
        tested++;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if ((tested >= minTested && seconds >= minSeconds) || seconds >= capSeconds) {
        return new Sweep(tested, seconds, matches, cpu.otherCores());
      }
    }
  }

  /** One pass that writes, per document, the sorted line numbers of the filters it matched; returns the total. */
  private long check(FilterEngine engine, FilterId[] ids, Path file) throws IOException {
    Map<FilterId, Integer> lineOf = new HashMap<>();
    for (int line = 0; line < ids.length; line++) {
      if (ids[line] != null) {
        lineOf.putIfAbsent(ids[line], line);
      }
    }
    long total = 0;
    List<String> out = new ArrayList<>(documents.size());
    for (Map<String, Object> document : documents) {
      int[] matched = engine.test(INDEX, COLLECTION, document).stream().mapToInt(lineOf::get).sorted().toArray();
      total += matched.length;
      out.add(Arrays.stream(matched).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
    }
    Files.write(file, out);
    return total;
  }

  private record Sweep(long tested, double seconds, long matches, double otherCores) {
  }

  private static final class Registration {
    final FilterEngine engine;
    final FilterId[] ids;
    int rejected;
    String firstError;
    double seconds;
    double otherCores;

    Registration(FilterEngine engine, FilterId[] ids) {
      this.engine = engine;
      this.ids = ids;
    }

    void reject(int line, RuntimeException e) {
      rejected++;
      if (firstError == null) {
        firstError = "line " + (line + 1) + ": " + e;
      }
    }
  }
}
