package io.kvx.document;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates a Koncorde filter to the Elasticsearch query that {@code lang=koncorde} searches run (Kuzzle API 6.4):
 * clause by clause, without checking what Koncorde would ({@code in} takes strings only, {@code range} numbers
 * only...). {@code bool} is refused ({@code api.assert.koncorde_restricted_keyword}); a keyword Koncorde does not
 * translate ({@code regexp}, {@code match}, or an Elasticsearch query) is passed on as it is, with Elasticsearch's
 * meaning. Filters whose shape no translation can read (an operator without its array, a level with several
 * keywords) are {@code api.assert.koncorde_dsl_error}.
 */
final class KoncordeQueries {

  /** {@code field[value]}: an array field holding a JSON value. */
  private static final Pattern ARRAY_VALUE = Pattern.compile("^(.+)\\[(.+)]$");
  private static final Map<String, String> GEO = Map.of("geoBoundingBox", "geo_bounding_box", "geoDistance",
    "geo_distance", "geoDistanceRange", "geo_distance_range", "geoPolygon", "geo_polygon");

  private KoncordeQueries() {
  }

  /** The Elasticsearch query of {@code body.query}; an empty filter matches everything. */
  static JsonObject toElasticsearch(Object filter) {
    if (!(filter instanceof JsonObject object)) {
      throw KuzzleError.of("api.assert.invalid_type", "body.query", "object");
    }
    return object.isEmpty() ? object : translate(object, "body.query");
  }

  private static JsonObject translate(Object filter, String path) {
    if (!(filter instanceof JsonObject object) || object.size() != 1) {
      throw dslError("\"" + path + "\" must be an object holding exactly one keyword");
    }
    Map.Entry<String, Object> clause = object.iterator().next();
    String keyword = clause.getKey();
    Object value = clause.getValue();
    String at = path + "." + keyword;
    return switch (keyword) {
      case "equals" -> new JsonObject().put("term", value);
      case "in" -> new JsonObject().put("terms", value);
      case "range", "ids" -> new JsonObject().put(keyword, value);
      case "exists" -> exists(field(value, at));
      case "missing" -> bool("must_not", new JsonArray().add(exists(field(value, at))));
      case "and" -> bool("filter", operands(value, at));
      case "or" -> bool("should", operands(value, at));
      case "not" -> bool("must_not", new JsonArray().add(translate(value, at)));
      case "bool" -> throw KuzzleError.of("api.assert.koncorde_restricted_keyword", "operator", "bool");
      default -> new JsonObject().put(GEO.getOrDefault(keyword, keyword), value);
    };
  }

  /** {@code exists f}, or for {@code f[v]} the documents whose field {@code f} holds {@code v}. */
  private static JsonObject exists(String field) {
    Matcher array = ARRAY_VALUE.matcher(field);
    if (!array.matches()) {
      return new JsonObject().put("exists", new JsonObject().put("field", field));
    }
    Object value = scalar(array.group(2), field);
    JsonObject exact = new JsonObject().put("gte", value).put("lte", value);
    return bool("filter", new JsonArray()
      .add(new JsonObject().put("exists", new JsonObject().put("field", array.group(1))))
      .add(new JsonObject().put("range", new JsonObject().put(array.group(1), exact))));
  }

  /** The field of {@code exists} and {@code missing}: a string, or the legacy {@code {field: "..."}}. */
  private static String field(Object value, String path) {
    Object field = value instanceof JsonObject object ? object.getValue("field") : value;
    if (!(field instanceof String name) || name.isEmpty()) {
      throw dslError("\"" + path + "\" must be a non-empty string");
    }
    return name;
  }

  private static JsonArray operands(Object value, String path) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw dslError("\"" + path + "\" must be a non-empty array");
    }
    JsonArray translated = new JsonArray();
    for (int i = 0; i < array.size(); i++) {
      translated.add(translate(array.getValue(i), path + "[" + i + "]"));
    }
    return translated;
  }

  private static JsonObject bool(String occur, JsonArray clauses) {
    return new JsonObject().put("bool", new JsonObject().put(occur, clauses));
  }

  private static KuzzleError dslError(String message) {
    return KuzzleError.of("api.assert.koncorde_dsl_error", message);
  }

  /** The JSON scalar between the brackets of {@code field[value]}. */
  private static Object scalar(String text, String field) {
    try {
      JsonArray parsed = new JsonArray("[" + text + "]");
      if (parsed.size() == 1 && !(parsed.getValue(0) instanceof JsonObject)
          && !(parsed.getValue(0) instanceof JsonArray)) {
        return parsed.getValue(0);
      }
    } catch (DecodeException e) {
      // Reported below, with the filter's path.
    }
    throw dslError("\"" + field + "\": the value between brackets must be a JSON scalar");
  }
}
