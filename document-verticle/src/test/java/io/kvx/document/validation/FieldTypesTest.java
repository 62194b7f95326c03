package io.kvx.document.validation;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The field types of the specification language, one value at a time. */
class FieldTypesTest {

  private static boolean accepts(String type, JsonObject typeOptions, Object value) {
    FieldType fieldType = FieldTypes.named(type);
    List<String> messages = new ArrayList<>();
    boolean valid = fieldType.check(fieldType.curate(typeOptions.copy()), value, messages);
    assertThat(messages.isEmpty()).isEqualTo(valid);
    return valid;
  }

  private static boolean accepts(String type, Object value) {
    return accepts(type, new JsonObject(), value);
  }

  @Test
  void scalarTypes_acceptTheirValuesOnly() {
    assertThat(accepts("anything", new JsonArray())).isTrue();
    assertThat(accepts("boolean", false)).isTrue();
    assertThat(accepts("boolean", "false")).isFalse();
    assertThat(accepts("integer", 3)).isTrue();
    assertThat(accepts("integer", 3.0)).isTrue();
    assertThat(accepts("integer", 3.5)).isFalse();
    JsonObject range = new JsonObject().put("range", new JsonObject().put("min", 1).put("max", 5));
    assertThat(accepts("numeric", range, 5.0)).isTrue();
    assertThat(accepts("numeric", range, 5.01)).isFalse();
    JsonObject length = new JsonObject().put("length", new JsonObject().put("max", 3));
    assertThat(accepts("string", length, "abc")).isTrue();
    assertThat(accepts("string", length, "abcd")).isFalse();
    JsonObject values = new JsonObject().put("values", new JsonArray().add("a").add("b"));
    assertThat(accepts("enum", values, "b")).isTrue();
    assertThat(accepts("enum", values, "c")).isFalse();
    assertThat(accepts("object", new JsonObject())).isTrue();
    assertThat(accepts("object", new JsonArray())).isFalse();
  }

  @Test
  void stringFormats_acceptValidValues_andEmptyUnlessNotEmpty() {
    assertThat(accepts("email", "jane.doe@example.com")).isTrue();
    assertThat(accepts("email", "jane@")).isFalse();
    assertThat(accepts("email", "")).isTrue();
    assertThat(accepts("email", new JsonObject().put("notEmpty", true), "")).isFalse();
    assertThat(accepts("ip_address", "192.168.0.1")).isTrue();
    assertThat(accepts("ip_address", "::1")).isTrue();
    assertThat(accepts("ip_address", "256.1.1.1")).isFalse();
    assertThat(accepts("ip_address", "example.com")).isFalse();
    assertThat(accepts("url", "https://kuzzle.io/docs?x=1")).isTrue();
    assertThat(accepts("url", "kuzzle.io")).isTrue();
    assertThat(accepts("url", "not a url")).isFalse();
  }

  @Test
  void date_readsNamedFormats_andChecksTheRange() {
    assertThat(accepts("date", 1700000000000L)).isTrue();
    assertThat(accepts("date", "2024-01-01")).isFalse();
    JsonObject formats = new JsonObject().put("formats", new JsonArray().add("strict_date").add("date_time"));
    assertThat(accepts("date", formats, "2024-02-29")).isTrue();
    assertThat(accepts("date", formats, "2023-02-29")).isFalse();
    assertThat(accepts("date", formats, "2024-02-01T10:00:00.000+01:00")).isTrue();
    assertThat(accepts("date", new JsonObject().put("formats", new JsonArray().add("hour_minute")), "10:30"))
      .isTrue();
    JsonObject weeks = new JsonObject().put("formats", new JsonArray().add("strict_week_date").add("weekyear_week"));
    assertThat(accepts("date", weeks, "2024-W05-3")).isTrue();
    assertThat(accepts("date", weeks, "202405")).isTrue();
    assertThat(accepts("date", weeks, "2024-W54-3")).isFalse();
    JsonObject range = new JsonObject().put("formats", new JsonArray().add("strict_date"))
      .put("range", new JsonObject().put("min", "2020-01-01").put("max", "NOW"));
    assertThat(accepts("date", range, "2021-06-01")).isTrue();
    assertThat(accepts("date", range, "2019-06-01")).isFalse();
    assertThat(accepts("date", range, "2999-06-01")).isFalse();
    assertThatThrownBy(() -> FieldTypes.named("date").curate(new JsonObject().put("formats",
      new JsonArray().add("nope")))).isInstanceOf(KuzzleError.class)
      .extracting(e -> ((KuzzleError) e).id()).isEqualTo("validation.types.invalid_date_format");
  }

  @Test
  void geoTypes_readPointsAndShapes() {
    assertThat(accepts("geo_point", new JsonObject().put("lat", 43.6).put("lon", 3.9))).isTrue();
    assertThat(accepts("geo_point", "43.6, 3.9")).isTrue();
    assertThat(accepts("geo_point", "spey61y")).isTrue();
    assertThat(accepts("geo_point", new JsonArray().add(95).add(3))).isFalse();
    JsonObject polygon = new JsonObject().put("type", "polygon").put("coordinates", new JsonArray().add(
      new JsonArray().add(point(0, 0)).add(point(1, 0)).add(point(1, 1)).add(point(0, 0))));
    assertThat(accepts("geo_shape", polygon)).isTrue();
    JsonObject open = polygon.copy();
    open.getJsonArray("coordinates").getJsonArray(0).remove(3);
    assertThat(accepts("geo_shape", open)).isFalse();
    JsonObject onlyPoints = new JsonObject().put("shapeTypes", new JsonArray().add("point"));
    assertThat(accepts("geo_shape", onlyPoints, polygon)).isFalse();
    JsonObject circle = new JsonObject().put("type", "circle").put("coordinates", point(2, 2)).put("radius", "10km");
    assertThat(accepts("geo_shape", circle)).isTrue();
    assertThat(accepts("geo_shape", new JsonObject().put("type", "circle").put("coordinates", point(2, 2))))
      .isFalse();
  }

  private static JsonArray point(double lon, double lat) {
    return new JsonArray().add(lon).add(lat);
  }
}
