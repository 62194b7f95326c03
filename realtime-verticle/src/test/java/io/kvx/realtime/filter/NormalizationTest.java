package io.kvx.realtime.filter;

import static io.kvx.realtime.filter.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizationTest {

  private final FilterEngine engine = new FilterEngine();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{\"and\":[{\"equals\":{\"a\":1}},{\"equals\":{\"b\":2}}]}|"
      + "{\"and\":[{\"equals\":{\"b\":2}},{\"equals\":{\"a\":1}}]}",
    "{\"not\":{\"missing\":{\"field\":\"a\"}}}|{\"exists\":\"a\"}",
    "{\"missing\":\"a\"}|{\"not\":{\"exists\":{\"field\":\"a\"}}}",
    "{\"not\":{\"not\":{\"equals\":{\"a\":\"x\"}}}}|{\"equals\":{\"a\":\"x\"}}",
    "{\"in\":{\"a\":[\"x\",\"y\",\"x\"]}}|{\"or\":[{\"equals\":{\"a\":\"y\"}},{\"equals\":{\"a\":\"x\"}}]}",
    "{\"ids\":{\"values\":[\"1\"]}}|{\"equals\":{\"_id\":\"1\"}}",
    "{\"equals\":{\"a\":1}}|{\"equals\":{\"a\":1.0}}",
    "{\"and\":[{\"equals\":{\"a\":1}},{\"exists\":\"a\"}]}|{\"equals\":{\"a\":1}}",
    "{\"and\":[{\"range\":{\"a\":{\"gt\":0,\"lt\":10}}},{\"range\":{\"a\":{\"gte\":5}}}]}|"
      + "{\"range\":{\"a\":{\"gte\":5,\"lt\":10}}}",
    "{\"and\":[{\"equals\":{\"a\":3}},{\"range\":{\"a\":{\"gt\":0}}}]}|{\"equals\":{\"a\":3}}",
    "{\"and\":[{\"equals\":{\"a\":3}},{\"not\":{\"equals\":{\"a\":4}}}]}|{\"equals\":{\"a\":3}}",
    "{\"and\":[{\"equals\":{\"a\":1}},{\"equals\":{\"a\":2}}]}|{\"nothing\":true}",
    "{\"and\":[{\"equals\":{\"a\":1}},{\"missing\":\"a\"}]}|{\"nothing\":true}",
    "{\"and\":[{\"exists\":\"a\"},{\"not\":{\"exists\":\"a\"}}]}|{\"nothing\":true}",
    "{\"or\":[{\"equals\":{\"a\":1}},{\"and\":[{\"equals\":{\"a\":1}},{\"equals\":{\"b\":1}}]}]}|"
      + "{\"equals\":{\"a\":1}}",
    "{\"or\":[{\"exists\":\"a\"},{\"missing\":\"a\"}]}|{}",
    "{\"bool\":{\"must\":[{\"equals\":{\"a\":1}}],\"must_not\":[{\"equals\":{\"b\":1}}]}}|"
      + "{\"and\":[{\"equals\":{\"a\":1}},{\"not\":{\"equals\":{\"b\":1}}}]}",
    "{\"not\":{\"or\":[{\"equals\":{\"a\":1}},{\"equals\":{\"b\":1}}]}}|"
      + "{\"and\":[{\"not\":{\"equals\":{\"a\":1}}},{\"not\":{\"equals\":{\"b\":1}}}]}",
    "{\"match\":{\"a\":1,\"b\":{\"c\":[1,2]}}}|{\"and\":[{\"match\":{\"b\":{\"c\":[1,2]}}},{\"match\":{\"a\":1}}]}",
    "{\"regexp\":{\"a\":\"^x\"}}|{\"regexp\":{\"a\":{\"value\":\"^x\"}}}",
    "{\"geoBoundingBox\":{\"p\":{\"top\":2,\"left\":0,\"bottom\":1,\"right\":3}}}|"
      + "{\"geoBoundingBox\":{\"p\":{\"top_left\":\"2,0\",\"bottom_right\":[1,3]}}}"
  })
  void id_whenFiltersAreEquivalent_isTheSame(String left, String right) {
    assertThat(engine.id("i", "c", json(left))).isEqualTo(engine.id("i", "c", json(right)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{\"equals\":{\"a\":1}}|{\"equals\":{\"a\":\"1\"}}",
    "{\"equals\":{\"a\":1}}|{\"equals\":{\"b\":1}}",
    "{\"range\":{\"a\":{\"gt\":1}}}|{\"range\":{\"a\":{\"gte\":1}}}",
    "{\"exists\":\"a\"}|{\"exists\":\"a[1]\"}",
    "{\"regexp\":{\"a\":\"x\"}}|{\"regexp\":{\"a\":{\"value\":\"x\",\"flags\":\"i\"}}}"
  })
  void id_whenFiltersDiffer_differs(String left, String right) {
    assertThat(engine.id("i", "c", json(left))).isNotEqualTo(engine.id("i", "c", json(right)));
  }

  @Test
  void id_whenCollectionDiffers_differs() {
    assertThat(engine.id("i", "c", json("{}"))).isNotEqualTo(engine.id("i", "d", json("{}")));
  }

  @Test
  void id_whenComputedTwice_isStableHexSha256() {
    FilterId id = engine.id("index", "collection", json("{\"equals\":{\"name\":\"Ada\"}}"));
    assertThat(id.value()).matches("[0-9a-f]{64}");
    assertThat(new FilterEngine().id("index", "collection", json("{\"equals\":{\"name\":\"Ada\"}}"))).isEqualTo(id);
    assertThat(FilterId.fromString(id.value())).isEqualTo(id);
  }

  @Test
  void normalize_whenFilterIsEmpty_givesOneEmptyConjunction() {
    assertThat(engine.normalize(json("{}")).canonical()).isEqualTo("[[],]");
    assertThat(engine.normalize(json("{\"nothing\":true}")).conjunctions()).isEmpty();
  }

  @Test
  void id_whenCanonicalFormIsUnchanged_keepsItsGoldenValue() {
    // Room ids outlive restarts and upgrades: changing the canonical form must be a deliberate, visible change.
    FilterId id = engine.id("index", "collection", json("{\"and\":[{\"equals\":{\"name\":\"Ada\"}},"
      + "{\"range\":{\"age\":{\"gte\":18.5}}},{\"geoDistance\":{\"p\":[43.6,3.9],\"distance\":\"1km\"}}]}"));
    assertThat(engine.normalize(json("{\"range\":{\"age\":{\"gte\":18.5}}}")).canonical())
      .isEqualTo("[[range(\"age\",[0x1.28p4,Infinity]),],]");
    assertThat(id.value()).isEqualTo("2eb2a9c887e1bc2f000242179abbb9c05a9efc22368f2c91133492b2f790e4bc");
  }
}
