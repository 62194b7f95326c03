package io.kvx.realtime.filter;

import static io.kvx.realtime.filter.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each keyword through the indexed engine, on a matching and on a non-matching document. */
class KeywordMatchingTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{\"equals\":{\"a\":1}}|{\"a\":1.0}|true",
    "{\"equals\":{\"a\":1}}|{\"a\":\"1\"}|false",
    "{\"equals\":{\"a\":null}}|{\"a\":null}|true",
    "{\"equals\":{\"a\":null}}|{\"b\":null}|false",
    "{\"equals\":{\"a\":\"x\"}}|{\"a\":[\"x\"]}|false",
    "{\"equals\":{\"a.b\":true}}|{\"a\":{\"b\":true}}|true",
    "{\"not\":{\"equals\":{\"a\":1}}}|{\"b\":1}|true",
    "{\"not\":{\"equals\":{\"a\":1}}}|{\"a\":1}|false",
    "{\"in\":{\"a\":[\"x\",\"y\"]}}|{\"a\":\"y\"}|true",
    "{\"in\":{\"a\":[\"x\",\"y\"]}}|{\"a\":\"z\"}|false",
    "{\"ids\":{\"values\":[\"d1\"]}}|{\"_id\":\"d1\"}|true",
    "{\"exists\":\"a.b\"}|{\"a\":{\"b\":null}}|true",
    "{\"exists\":\"a\"}|{\"a\":{\"b\":1}}|true",
    "{\"exists\":\"a\"}|{\"b\":1}|false",
    "{\"exists\":\"tags[\\\"x\\\"]\"}|{\"tags\":[\"y\",\"x\"]}|true",
    "{\"exists\":\"tags[\\\"x\\\"]\"}|{\"tags\":\"x\"}|false",
    "{\"exists\":\"n[3]\"}|{\"n\":[1,3.0]}|true",
    "{\"missing\":\"a\"}|{\"b\":1}|true",
    "{\"missing\":\"a\"}|{\"a\":null}|false",
    "{\"range\":{\"a\":{\"gt\":1,\"lte\":5}}}|{\"a\":5}|true",
    "{\"range\":{\"a\":{\"gt\":1,\"lte\":5}}}|{\"a\":1}|false",
    "{\"range\":{\"a\":{\"gt\":1}}}|{\"a\":\"3\"}|false",
    "{\"not\":{\"range\":{\"a\":{\"gt\":1}}}}|{\"a\":\"3\"}|true",
    "{\"regexp\":{\"a\":\"^ab+c\"}}|{\"a\":\"abbbc\"}|true",
    "{\"regexp\":{\"a\":{\"value\":\"^ABC$\",\"flags\":\"i\"}}}|{\"a\":\"abc\"}|true",
    "{\"regexp\":{\"a\":\"^ab\"}}|{\"a\":\"xab\"}|false",
    "{\"not\":{\"regexp\":{\"a\":\"^ab\"}}}|{}|true",
    "{\"geoBoundingBox\":{\"p\":{\"top\":10,\"left\":170,\"bottom\":-10,\"right\":-170}}}|{\"p\":[0,179.5]}|true",
    "{\"geoBoundingBox\":{\"p\":{\"top\":10,\"left\":170,\"bottom\":-10,\"right\":-170}}}|{\"p\":[0,-175]}|true",
    "{\"geoBoundingBox\":{\"p\":{\"top\":10,\"left\":170,\"bottom\":-10,\"right\":-170}}}|{\"p\":[0,0]}|false",
    "{\"geoDistance\":{\"p\":\"43.6,3.9\",\"distance\":\"10km\"}}|{\"p\":{\"lat\":43.65,\"lon\":3.95}}|true",
    "{\"geoDistance\":{\"p\":\"43.6,3.9\",\"distance\":\"1km\"}}|{\"p\":{\"lat\":43.65,\"lon\":3.95}}|false",
    "{\"geoDistance\":{\"p\":[0,179.99],\"distance\":\"5km\"}}|{\"p\":\"0,-179.99\"}|true",
    "{\"geoDistance\":{\"p\":[89.99,0],\"distance\":\"5km\"}}|{\"p\":[89.99,180]}|true",
    "{\"geoDistance\":{\"p\":[0,0],\"distance\":\"1km\"}}|{\"p\":\"s000\"}|false",
    "{\"geoDistanceRange\":{\"p\":[0,0],\"from\":\"1km\",\"to\":\"3km\"}}|{\"p\":[0,0.018]}|true",
    "{\"geoDistanceRange\":{\"p\":[0,0],\"from\":\"1km\",\"to\":\"3km\"}}|{\"p\":[0,0.001]}|false",
    "{\"geoPolygon\":{\"p\":{\"points\":[[0,0],[0,10],[10,10],[10,0]]}}}|{\"p\":{\"latLon\":[5,5]}}|true",
    "{\"geoPolygon\":{\"p\":{\"points\":[[0,0],[0,10],[10,10]]}}}|{\"p\":[8,2]}|false",
    "{\"match\":{\"a\":{\"b\":[1,2]}}}|{\"a\":{\"b\":[3,2,1],\"c\":0}}|true",
    "{\"match\":{\"a\":{\"b\":[1,4]}}}|{\"a\":{\"b\":[3,2,1]}}|false",
    "{\"select\":{\"field\":\"l\",\"index\":-1,\"query\":{\"range\":{\"value\":{\"gte\":3}}}}}|{\"l\":[1,5]}|true",
    "{\"select\":{\"field\":\"l\",\"index\":0,\"query\":{\"range\":{\"value\":{\"gte\":3}}}}}|{\"l\":[1,5]}|false",
    "{\"select\":{\"field\":\"l\",\"index\":5,\"query\":{\"exists\":\"value\"}}}|{\"l\":[1,5]}|false",
    "{\"bool\":{\"must\":[{\"equals\":{\"a\":1}}],\"should\":[{\"equals\":{\"b\":1}},{\"equals\":{\"c\":1}}]}}"
      + "|{\"a\":1,\"c\":1}|true",
    "{\"bool\":{\"must\":[{\"equals\":{\"a\":1}}],\"must_not\":[{\"equals\":{\"b\":1}}]}}|{\"a\":1,\"b\":1}|false",
    "{\"bool\":{\"should_not\":[{\"equals\":{\"a\":1}},{\"equals\":{\"b\":1}}]}}|{\"a\":1}|true",
    "{\"nothing\":true}|{}|false"
  })
  void test_whenKeywordIsUsed_matchesLikeKoncorde(String filter, String document, boolean expected) {
    FilterEngine engine = new FilterEngine();
    FilterId id = engine.register("i", "c", json(filter));
    assertThat(engine.test("i", "c", json(document)).contains(id)).isEqualTo(expected);
    assertThat(engine.normalize(json(filter)).test(FlatDocument.of(json(document)))).isEqualTo(expected);
  }
}
