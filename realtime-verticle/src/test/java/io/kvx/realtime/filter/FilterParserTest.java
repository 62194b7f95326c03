package io.kvx.realtime.filter;

import static io.kvx.realtime.filter.Json.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.kvx.core.error.KuzzleError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

class FilterParserTest {

  private final FilterEngine engine = new FilterEngine();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{\"foo\":{}}|\"foo\": unknown keyword",
    "{\"equals\":{\"a\":1},\"exists\":\"a\"}|Invalid filter syntax. Filters must have one keyword only",
    "{\"and\":[]}|\"and\": cannot be empty",
    "{\"and\":{}}|\"and\": must be an array",
    "{\"or\":[{}]}|\"or\": can only contain non-empty objects",
    "{\"and\":[{\"equals\":{\"a\":{\"b\":1}}}]}|\"and.equals.a\": must either be a string, a number, a boolean",
    "{\"equals\":{\"a\":1,\"b\":2}}|\"equals\": expected object to have exactly 1 property, got 2",
    "{\"in\":{\"a\":[1]}}|\"in.a\": must hold only values of type \"string\"",
    "{\"in\":{\"a\":[]}}|\"in.a\": cannot be empty",
    "{\"ids\":{\"foo\":[\"a\"]}}|\"ids\": the property \"values\" is missing",
    "{\"exists\":\"\"}|\"exists\": cannot test empty field name",
    "{\"exists\":\"a[foo]\"}|\"exists\": contains an invalid array value (\"foo\")",
    "{\"missing\":{\"field\":1}}|\"missing.field\": must be a string",
    "{\"range\":{\"a\":{\"gt\":\"1\"}}}|\"range.a.gt\": must be a number",
    "{\"range\":{\"a\":{\"gt\":1,\"gte\":0}}}|\"range.a\": only 1 lower boundary allowed",
    "{\"range\":{\"a\":{\"gt\":2,\"lt\":1}}}|\"range.a\": lower boundary must be strictly inferior to the upper one",
    "{\"range\":{\"a\":{\"foo\":1}}}|\"range.a\": \"foo\" is not an allowed attribute (allowed: gt,gte,lt,lte)",
    "{\"range\":{\"a\":{}}}|\"range.a\": must be a non-empty object",
    "{\"regexp\":{\"a\":\"(\"}}|\"regexp.a\": cannot parse regexp expression",
    "{\"regexp\":{\"a\":{\"value\":\"a\",\"flags\":\"q\"}}}|\"regexp.a\": cannot parse regexp expression \"/a/q\"",
    "{\"regexp\":{\"a\":1}}|\"regexp.a\": must be either a string or a non-empty object",
    "{\"not\":{\"bool\":{\"must\":[{\"foo\":1}]}}}|\"not.bool.must.foo\": unknown keyword",
    "{\"bool\":{\"shall\":[]}}|\"bool\": \"shall\" is not an allowed attribute",
    "{\"geoBoundingBox\":{\"loc\":{\"top\":\"x\",\"left\":0,\"bottom\":0,\"right\":1}}}|\"geoBoundingBox.loc\": "
      + "unrecognized geoBoundingBox format",
    "{\"geoBoundingBox\":{\"loc\":{\"topLeft\":[1],\"bottomRight\":[0,1]}}}|\"geoBoundingBox.loc\": unrecognized",
    "{\"geoDistance\":{\"loc\":[0,0]}}|\"geoDistance\": expected object to have exactly 2 properties, got 1",
    "{\"geoDistance\":{\"loc\":[0,0],\"distance\":\"12 parsecs\"}}|\"geoDistance.distance\": unable to parse distance",
    "{\"geoDistance\":{\"loc\":[100,0],\"distance\":\"1km\"}}|\"geoDistance.loc\": unrecognized point format",
    "{\"geoDistanceRange\":{\"loc\":[0,0],\"from\":\"2km\",\"to\":\"1km\"}}|\"geoDistanceRange\": inner radius",
    "{\"geoPolygon\":{\"loc\":{\"points\":[[0,0],[1,1]]}}}|\"geoPolygon.loc.points\": at least 3 points are required",
    "{\"geoPolygon\":{\"loc\":{\"points\":[[0,0],[1,1],\"zz\"]}}}|\"geoPolygon.loc.points\": unrecognized point format",
    "{\"match\":{}}|\"match\": must be a non-empty object",
    "{\"select\":{\"field\":\"a\",\"index\":1.5,\"query\":{\"exists\":\"value\"}}}|\"select.index\": cannot have",
    "{\"select\":{\"field\":\"a\",\"index\":0,\"query\":{\"foo\":1}}}|\"select.query.foo\": unknown"
  })
  void register_whenFilterIsInvalid_throwsDslErrorNamingThePath(String filter, String message) {
    assertThatThrownBy(() -> engine.register("i", "c", json(filter)))
      .isInstanceOfSatisfying(KuzzleError.class, error -> {
        assertThat(error.id()).isEqualTo("api.assert.koncorde_dsl_error");
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.getMessage()).startsWith(message);
      });
  }

  @Test
  void register_whenTooManyConditions_throwsFilterTooComplex() {
    FilterEngine small = new FilterEngine(3);
    small.register("i", "c", json("{\"in\":{\"a\":[\"1\",\"2\",\"3\"]}}"));
    assertThatThrownBy(() -> small.register("i", "c", json("{\"in\":{\"a\":[\"1\",\"2\",\"3\",\"4\"]}}")))
      .isInstanceOfSatisfying(KuzzleError.class, error -> {
        assertThat(error.id()).isEqualTo("api.assert.koncorde_dsl_error");
        assertThat(error.getMessage()).startsWith("Filter too complex");
      });
  }

  @Test
  void register_whenDnfWouldExplode_throwsFilterTooComplex() {
    StringBuilder and = new StringBuilder("{\"and\":[");
    for (int i = 0; i < 12; i++) {
      and.append(i == 0 ? "" : ",").append("{\"or\":[{\"equals\":{\"a").append(i).append("\":1}},{\"equals\":{\"b")
        .append(i).append("\":1}}]}");
    }
    Map<String, Object> filter = json(and.append("]}").toString());
    assertThatThrownBy(() -> engine.register("i", "c", filter))
      .isInstanceOfSatisfying(KuzzleError.class, error -> assertThat(error.getMessage())
        .startsWith("Filter too complex: its disjunctive normal form exceeds 1024"));
  }

  @Test
  void register_whenFilterIsEmpty_matchesEverything() {
    FilterId id = engine.register("i", "c", json("{}"));
    assertThat(engine.register("i", "c", (Map<String, Object>) null)).isEqualTo(id);
    assertThat(engine.test("i", "c", json("{\"x\":1}"))).containsExactly(id);
    assertThat(engine.test("i", "c", json("{}"))).containsExactly(id);
  }

  @Test
  void register_whenGeopointsAndDistancesUseEveryForm_givesSameCondition() {
    String[] points = {"[43.6, 3.9]", "\"43.6, 3.9\"", "{\"lat\":43.6,\"lon\":3.9}", "{\"latLon\":[43.6,3.9]}",
      "{\"lat_lon\":{\"lat\":43.6,\"lon\":3.9}}", "{\"latLon\":\"43.6,3.9\"}"};
    String[] distances = {"1000", "\"1km\"", "\"1 kilometer\"", "\"1,0 km\"", "\"1000 m\"", "\"100000cm\""};
    FilterId first = null;
    for (int i = 0; i < points.length; i++) {
      FilterId id = engine.id("i", "c",
        json("{\"geoDistance\":{\"loc\":" + points[i] + ",\"distance\":" + distances[i] + "}}"));
      first = first == null ? id : first;
      assertThat(id).as(points[i] + " " + distances[i]).isEqualTo(first);
    }
  }

  @Test
  void distances_whenUnitsVary_convertToMeters() {
    assertThat(Distances.toMeters("1 mi")).isEqualTo(1609.344);
    assertThat(Distances.toMeters("3 258,55 Ft")).isCloseTo(993.206, offset(1e-3));
    assertThat(Distances.toMeters("2 yards")).isCloseTo(1.8288, offset(1e-9));
    assertThat(Distances.toMeters("12in")).isCloseTo(0.3048, offset(1e-9));
    assertThat(Distances.toMeters("5 dam")).isEqualTo(50.0);
    assertThat(Distances.toMeters("nope")).isNull();
  }

  @Test
  void geohash_whenDecoded_givesCellCentre() {
    double[] point = GeoPoints.parse("ezs42");
    assertThat(point[0]).isCloseTo(42.605, offset(1e-3));
    assertThat(point[1]).isCloseTo(-5.603, offset(1e-3));
    assertThat(GeoPoints.parse("aaaa")).isNull();
  }
}
