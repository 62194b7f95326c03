package io.kvx.realtime.filter;

import static io.kvx.realtime.filter.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class FilterEngineTest {

  private final FilterEngine engine = new FilterEngine();

  @Test
  void register_whenSameCanonicalFilterTwice_returnsSameIdAndSharesStorage() {
    FilterId first = engine.register("i", "c", json("{\"and\":[{\"equals\":{\"a\":1}},{\"exists\":\"b\"}]}"));
    FilterId second = engine.register("i", "c", json("{\"and\":[{\"exists\":\"b\"},{\"equals\":{\"a\":1.0}}]}"));
    assertThat(second).isEqualTo(first);
    assertThat(engine.filterCount()).isEqualTo(1);
    assertThat(engine.subfilterCount()).isEqualTo(1);
    assertThat(engine.conditionCount()).isEqualTo(2);
  }

  @Test
  void register_whenFiltersShareConditions_storesEachConditionOnce() {
    engine.register("i", "c", json("{\"and\":[{\"equals\":{\"a\":1}},{\"exists\":\"b\"}]}"));
    engine.register("i", "c", json("{\"or\":[{\"equals\":{\"a\":1}},{\"exists\":\"c\"}]}"));
    assertThat(engine.conditionCount()).isEqualTo(3);
    assertThat(engine.subfilterCount()).isEqualTo(3);
  }

  @Test
  void remove_whenLastFilterUsingConditions_freesEverything() {
    FilterId a = engine.register("i", "c", json("{\"range\":{\"x\":{\"gt\":1}}}"));
    FilterId b = engine.register("i", "c", json("{\"and\":[{\"range\":{\"x\":{\"gt\":1}}},{\"equals\":{\"y\":2}}]}"));
    assertThat(engine.remove(a)).isTrue();
    assertThat(engine.exists(a)).isFalse();
    assertThat(engine.conditionCount()).isEqualTo(2);
    assertThat(engine.test("i", "c", json("{\"x\":5,\"y\":2}"))).containsExactly(b);
    assertThat(engine.remove(b)).isTrue();
    assertThat(engine.remove(b)).isFalse();
    assertThat(engine.conditionCount()).isZero();
    assertThat(engine.subfilterCount()).isZero();
    assertThat(engine.test("i", "c", json("{\"x\":5,\"y\":2}"))).isEmpty();
  }

  @Test
  void test_whenCollectionsDiffer_onlyMatchesFiltersOfTheDocumentCollection() {
    FilterId inC = engine.register("i", "c", json("{\"equals\":{\"a\":1}}"));
    FilterId inD = engine.register("i", "d", json("{\"equals\":{\"a\":1}}"));
    assertThat(inC).isNotEqualTo(inD);
    assertThat(engine.test("i", "c", json("{\"a\":1}"))).containsExactly(inC);
    assertThat(engine.test("j", "c", json("{\"a\":1}"))).isEmpty();
  }

  @Test
  void test_whenFilterHasSeveralMatchingSubfilters_returnsItOnce() {
    FilterId id = engine.register("i", "c", json("{\"or\":[{\"equals\":{\"a\":1}},{\"equals\":{\"b\":1}}]}"));
    assertThat(engine.test("i", "c", new JsonObject().put("a", 1).put("b", 1))).containsExactly(id);
  }

  @Test
  void test_whenManyRangesAreAddedAndRemoved_findsExactlyTheContainingOnes() {
    FilterId[] ids = new FilterId[300];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = engine.register("i", "c", json("{\"range\":{\"x\":{\"gte\":" + i + ",\"lt\":" + (i + 10) + "}}}"));
    }
    for (int i = 0; i < ids.length; i += 2) {
      engine.remove(ids[i]);
    }
    assertThat(engine.test("i", "c", json("{\"x\":100}")))
      .containsExactlyInAnyOrder(ids[91], ids[93], ids[95], ids[97], ids[99]);
  }

  @Test
  void test_whenMostRangesAreRemovedThenMoreAdded_rebuildsAndStillFindsThem() {
    FilterId[] ids = new FilterId[1000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = engine.register("i", "c", json("{\"range\":{\"x\":{\"gt\":" + i + ",\"lte\":" + (i + 3) + "}}}"));
    }
    for (int i = 0; i < 900; i++) {
      engine.remove(ids[i]);
    }
    FilterId added = engine.register("i", "c", json("{\"range\":{\"x\":{\"gte\":950}}}"));
    assertThat(engine.test("i", "c", json("{\"x\":950}")))
      .containsExactlyInAnyOrder(ids[947], ids[948], ids[949], added);
    assertThat(engine.test("i", "c", json("{\"x\":5}"))).isEmpty();
  }

  @Test
  void test_whenBroadConditionsAreShared_checksOnlyTheCandidatesOfSelectiveOnes() {
    for (int i = 0; i < 10_000; i++) {
      engine.register("i", "c", json("{\"bool\":{\"must\":[{\"equals\":{\"status\":\"active\"}},{\"range\":"
        + "{\"age\":{\"gte\":0}}},{\"equals\":{\"user\":\"u" + i + "\"}}],\"must_not\":[{\"exists\":\"banned\"}]}}"));
    }
    long before = engine.checks("i", "c");
    assertThat(engine.test("i", "c", json("{\"status\":\"active\",\"age\":30,\"user\":\"u42\"}"))).hasSize(1);
    assertThat(engine.test("i", "c", json("{\"status\":\"active\",\"age\":30,\"user\":\"nobody\"}"))).isEmpty();
    assertThat(engine.checks("i", "c") - before).isLessThanOrEqualTo(3);
  }

  @Test
  void test_whenSharedEqualsAndBroadRanges_checksOnlyTheConjunctionsThatMatch() {
    for (int i = 0; i < 10_000; i++) {
      engine.register("i", "c", json("{\"and\":[{\"equals\":{\"category\":\"c" + i % 100 + "\"}},"
        + "{\"range\":{\"score\":{\"gte\":" + i + ",\"lt\":" + (i + 5000) + "}}}]}"));
    }
    long before = engine.checks("i", "c");
    // Category c7 holds 100 conjunctions; the score is in the range of 50 of them (i = 2007, 2107, ..., 6907).
    assertThat(engine.test("i", "c", json("{\"category\":\"c7\",\"score\":7000.5}"))).hasSize(50);
    assertThat(engine.checks("i", "c") - before).isEqualTo(50);
  }
}
