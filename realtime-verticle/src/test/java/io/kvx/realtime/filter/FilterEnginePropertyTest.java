package io.kvx.realtime.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvx.core.error.KuzzleError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The indexed engine against {@link NaiveEvaluator} on seeded random filters (with negations, bool, geo shapes
 * across the antimeridian and around the poles) and random documents, before and after removing half the filters.
 */
class FilterEnginePropertyTest {

  private static final int FILTERS = 1500;
  private static final int DOCUMENTS = 1500;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42})
  void test_whenRandomFiltersAndDocuments_agreesWithNaiveEvaluator(long seed) {
    RandomFilters random = new RandomFilters(seed);
    FilterEngine engine = new FilterEngine();
    Map<FilterId, List<Node>> registered = new HashMap<>();
    for (int i = 0; i < FILTERS; i++) {
      Map<String, Object> filter = random.filter(3);
      try {
        FilterId id = engine.register("i", "c", filter);
        registered.computeIfAbsent(id, k -> new ArrayList<>()).add(engine.parse(filter));
      } catch (KuzzleError e) {
        assertThat(e.getMessage()).as(filter.toString()).startsWith("Filter too complex");
      }
    }
    assertAgreement(engine, registered, random, seed);
    List<FilterId> ids = new ArrayList<>(registered.keySet());
    for (int i = 0; i < ids.size(); i += 2) {
      engine.remove(ids.get(i));
      registered.remove(ids.get(i));
    }
    assertAgreement(engine, registered, random, seed);
    registered.keySet().forEach(engine::remove);
    assertThat(engine.conditionCount()).isZero();
    assertThat(engine.subfilterCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8})
  void test_whenRegistrationsRemovalsAndMatchesInterleave_agreesWithNaiveEvaluator(long seed) {
    RandomFilters random = new RandomFilters(seed);
    Random operations = new Random(seed);
    FilterEngine engine = new FilterEngine();
    Map<FilterId, List<Node>> registered = new HashMap<>();
    List<FilterId> ids = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      int operation = operations.nextInt(10);
      if (operation < 6) {
        Map<String, Object> filter = random.filter(2);
        FilterId id = engine.register("i", "c", filter);
        if (registered.computeIfAbsent(id, k -> new ArrayList<>()).isEmpty()) {
          ids.add(id);
        }
        registered.get(id).add(engine.parse(filter));
      } else if (operation < 8 && !ids.isEmpty()) {
        FilterId id = ids.remove(operations.nextInt(ids.size()));
        assertThat(engine.remove(id)).isTrue();
        registered.remove(id);
      } else {
        Map<String, Object> document = random.document();
        FlatDocument flat = FlatDocument.of(document);
        Set<FilterId> expected = new HashSet<>();
        registered.forEach((id, trees) -> {
          if (NaiveEvaluator.evaluate(trees.get(0), flat)) {
            expected.add(id);
          }
        });
        assertThat(new HashSet<>(engine.test("i", "c", document))).as("seed %d, step %d, document %s", seed, i,
          document).isEqualTo(expected);
      }
    }
    assertThat(engine.filterCount()).isEqualTo(registered.size());
  }

  private static void assertAgreement(FilterEngine engine, Map<FilterId, List<Node>> registered,
      RandomFilters random, long seed) {
    long matchedPairs = 0;
    for (int d = 0; d < DOCUMENTS; d++) {
      Map<String, Object> document = random.document();
      FlatDocument flat = FlatDocument.of(document);
      Set<FilterId> expected = new HashSet<>();
      registered.forEach((id, trees) -> {
        boolean first = NaiveEvaluator.evaluate(trees.get(0), flat);
        for (Node tree : trees) {
          assertThat(NaiveEvaluator.evaluate(tree, flat)).as("filters sharing id %s disagree on %s", id, document)
            .isEqualTo(first);
        }
        if (first) {
          expected.add(id);
        }
      });
      List<FilterId> actual = engine.test("i", "c", document);
      assertThat(actual).as("seed %d, document %s", seed, document).doesNotHaveDuplicates();
      assertThat(new HashSet<>(actual)).as("seed %d, document %s", seed, document).isEqualTo(expected);
      matchedPairs += expected.size();
    }
    // The random vocabulary must make matching neither trivial nor impossible.
    double ratio = (double) matchedPairs / ((long) DOCUMENTS * registered.size());
    assertThat(ratio).as("filters %d, matched pairs %d", registered.size(), matchedPairs).isBetween(0.05, 0.6);
  }
}
