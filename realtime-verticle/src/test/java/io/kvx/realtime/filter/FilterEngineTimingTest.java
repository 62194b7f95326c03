package io.kvx.realtime.filter;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A rough timing of registration and matching, per kind of filter, for reports: it asserts nothing and only runs with
 * {@code -Dkvx.timing=true}. The benchmark module is the place for real measurements.
 */
@EnabledIfSystemProperty(named = "kvx.timing", matches = "true")
class FilterEngineTimingTest {

  private static final Logger LOG = LoggerFactory.getLogger(FilterEngineTimingTest.class);
  private static final int FILTERS = 100_000;
  private static final int DOCUMENTS = 10_000;

  @ParameterizedTest
  @ValueSource(strings = {"equals", "in", "range", "geoDistance", "geoBoundingBox", "andRange", "bool"})
  void timing_whenHundredThousandFilters_logsFigures(String kind) {
    Random random = new Random(1);
    List<Map<String, Object>> filters = new ArrayList<>(FILTERS);
    for (int i = 0; i < FILTERS; i++) {
      filters.add(filter(kind, i, random));
    }
    List<Map<String, Object>> documents = new ArrayList<>(DOCUMENTS);
    for (int i = 0; i < DOCUMENTS; i++) {
      documents.add(document(random));
    }
    long heapBefore = usedHeap();
    FilterEngine engine = new FilterEngine();
    long start = System.nanoTime();
    filters.forEach(filter -> engine.register("i", "c", filter));
    long registered = System.nanoTime();
    long heapAfter = usedHeap();
    long matching = System.nanoTime();
    long matches = 0;
    for (Map<String, Object> document : documents) {
      matches += engine.test("i", "c", document).size();
    }
    long matched = System.nanoTime();
    LOG.info("{}: {} filters registered in {} ms ({}/s), ~{} bytes/filter; {} documents matched in {} ms ({}/s), "
        + "{} matches", kind, engine.filterCount(), (registered - start) / 1_000_000,
      (long) (FILTERS * 1e9 / (registered - start)), (heapAfter - heapBefore) / FILTERS, DOCUMENTS,
      (matched - matching) / 1_000_000, (long) (DOCUMENTS * 1e9 / (matched - matching)), matches);
  }

  private static Map<String, Object> filter(String kind, int i, Random random) {
    double low = random.nextInt(10_000);
    Map<String, Object> range = Map.of("range", Map.of("age", Map.of("gte", low, "lt", low + 1 + random.nextInt(20))));
    Map<String, Object> equals = Map.of("equals", Map.of("city", "c" + random.nextInt(FILTERS)));
    switch (kind) {
      case "equals":
        return Map.of("equals", Map.of("city", "c" + i));
      case "in":
        return Map.of("in", Map.of("city", List.of("c" + i, "c" + (i + FILTERS), "c" + (i + 2 * FILTERS))));
      case "range":
        return range;
      case "geoDistance":
        return Map.of("geoDistance", Map.of("p", List.of(40 + random.nextDouble() * 10, random.nextDouble() * 20),
          "distance", (1 + random.nextInt(20)) + "km"));
      case "geoBoundingBox":
        double top = 40 + random.nextDouble() * 10;
        double left = random.nextDouble() * 20;
        return Map.of("geoBoundingBox", Map.of("p", Map.of("top", top, "left", left, "bottom", top - 0.2,
          "right", left + 0.2)));
      case "andRange":
        return Map.of("and", List.of(Map.of("equals", Map.of("status", "active")), range));
      default:
        return Map.of("bool", Map.of("must", List.of(equals), "must_not", List.of(Map.of("equals",
          Map.of("status", "banned"))), "should", List.of(range, Map.of("exists", "vip"))));
    }
  }

  private static Map<String, Object> document(Random random) {
    return Map.of("city", "c" + random.nextInt(FILTERS), "age", (double) random.nextInt(10_000),
      "status", random.nextInt(10) == 0 ? "banned" : "active",
      "p", List.of(40 + random.nextDouble() * 10, random.nextDouble() * 20));
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
