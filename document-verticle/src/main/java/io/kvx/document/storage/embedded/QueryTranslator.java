package io.kvx.document.storage.embedded;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.embedded.Fields.Field;
import io.kvx.document.storage.embedded.Fields.Kind;
import io.kvx.document.storage.embedded.TextQueries.MatchOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Translates the Elasticsearch query DSL to Lucene queries over the fields {@link Indexer} writes. A query on a
 * field the mapping does not index matches nothing, as in Elasticsearch. An unknown keyword is
 * {@code services.storage.unknown_query_keyword}; a malformed query, or a value that does not read as its field's
 * type, is {@code services.storage.unexpected_bad_request}, with the reason Elasticsearch would give.
 */
final class QueryTranslator {

  /** Elasticsearch queries this engine does not run: refused as bad requests, not as unknown keywords. */
  // Limitation: these queries are not translated; each needs its own Lucene construction (span queries, scripts,
  // function scores, parent/child joins, shapes).
  private static final Set<String> UNSUPPORTED = Set.of("match_phrase_prefix", "match_bool_prefix",
    "combined_fields", "intervals", "more_like_this", "script", "script_score", "function_score", "boosting",
    "geo_shape", "geo_polygon", "shape", "has_child", "has_parent", "parent_id", "percolate", "rank_feature",
    "distance_feature", "wrapper", "pinned", "span_term", "span_near", "span_or", "span_not", "span_first",
    "span_multi", "span_containing", "span_within", "field_masking_span", "terms_set", "knn");
  private static final Set<String> FIELD_OPTIONS = Set.of("boost", "_name");
  private static final Set<String> GEO_OPTIONS = Set.of("distance", "distance_type", "validation_method", "_name",
    "boost", "ignore_unmapped", "type");

  private final Fields fields;
  private final TextQueries text;
  private final QueryStrings strings;
  private final long now;
  private final Map<String, Function<Object, Query>> keywords;

  QueryTranslator(Fields fields, long now) {
    this.fields = fields;
    this.text = new TextQueries(fields);
    this.now = now;
    this.strings = new QueryStrings(fields, text, now);
    this.keywords = Map.ofEntries(
      Map.entry("match_all", spec -> boosted(new MatchAllDocsQuery(), spec)),
      Map.entry("match_none", spec -> new MatchNoDocsQuery()),
      Map.entry("bool", spec -> bool(object("bool", spec))),
      Map.entry("constant_score", spec -> boosted(new ConstantScoreQuery(translate(object("constant_score",
        object("constant_score", spec).getValue("filter")))), spec)),
      Map.entry("dis_max", this::disMax),
      // Limitation: nested documents are indexed flat, so a nested query matches across the objects of an array.
      Map.entry("nested", spec -> translate(object("nested", object("nested", spec).getValue("query")))),
      Map.entry("term", spec -> onField("term", spec, "value", (field, value, options) -> FieldQueries.term(field,
        value, Boolean.TRUE.equals(options.getValue("case_insensitive"))))),
      Map.entry("terms", this::terms),
      Map.entry("range", spec -> onField("range", spec, null, (field, value, options) -> FieldQueries.range(field,
        object("range", value), now))),
      Map.entry("exists", spec -> FieldQueries.exists(string("exists", object("exists", spec)
        .getValue("field")))),
      Map.entry("ids", this::ids),
      Map.entry("prefix", spec -> onField("prefix", spec, "value", (field, value, options) ->
        FieldQueries.prefix(field, FieldQueries.text(value), caseInsensitive(options)))),
      Map.entry("wildcard", spec -> onField("wildcard", spec, "value", (field, value, options) ->
        FieldQueries.wildcard(field, FieldQueries.text(value == null ? options.getValue("wildcard") : value),
          caseInsensitive(options)))),
      Map.entry("regexp", spec -> onField("regexp", spec, "value", (field, value, options) ->
        FieldQueries.regexp(field, FieldQueries.text(value), caseInsensitive(options)))),
      Map.entry("fuzzy", spec -> onField("fuzzy", spec, "value", (field, value, options) ->
        FieldQueries.fuzzy(field, FieldQueries.text(value), options.getValue("fuzziness", "AUTO")))),
      Map.entry("match", spec -> onField("match", spec, "query", (field, value, options) ->
        text.match(field, FieldQueries.text(value), MatchOptions.of(options)))),
      Map.entry("match_phrase", spec -> onField("match_phrase", spec, "query", (field, value, options) ->
        text.phrase(field, FieldQueries.text(value), options.getInteger("slop", 0)))),
      Map.entry("multi_match", spec -> boosted(text.multiMatch(object("multi_match", spec)), spec)),
      Map.entry("query_string", spec -> boosted(strings.parse(object("query_string", spec), false), spec)),
      Map.entry("simple_query_string", spec -> boosted(strings.parse(object("simple_query_string", spec), true),
        spec)),
      Map.entry("geo_distance", this::geoDistance),
      Map.entry("geo_bounding_box", this::geoBoundingBox));
  }

  /** The Lucene query of a {@code query} object; {@code null} or empty means {@code match_all}. */
  Query translate(JsonObject query) {
    if (query == null || query.isEmpty()) {
      return new MatchAllDocsQuery();
    }
    try {
      return clause(query);
    } catch (IllegalArgumentException | DateTimeException | ArithmeticException | ClassCastException e) {
      throw Indexer.badRequest(String.valueOf(e.getMessage()));
    }
  }

  private Query clause(JsonObject query) {
    if (query.size() != 1) {
      throw new IllegalArgumentException("a query object takes exactly one query keyword, not " + query.fieldNames());
    }
    String keyword = query.fieldNames().iterator().next();
    Function<Object, Query> translation = keywords.get(keyword);
    if (translation != null) {
      return translation.apply(query.getValue(keyword));
    }
    if (UNSUPPORTED.contains(keyword)) {
      throw Indexer.badRequest("[" + keyword + "] queries are not supported by the embedded storage engine");
    }
    throw KuzzleError.of("services.storage.unknown_query_keyword", keyword);
  }

  private Query bool(JsonObject spec) {
    BooleanQuery.Builder bool = new BooleanQuery.Builder();
    int required = add(bool, spec.getValue("must"), Occur.MUST) + add(bool, spec.getValue("filter"), Occur.FILTER);
    int optional = add(bool, spec.getValue("should"), Occur.SHOULD);
    int excluded = add(bool, spec.getValue("must_not"), Occur.MUST_NOT);
    Object minimum = spec.getValue("minimum_should_match");
    if (optional > 0 && (minimum != null || required == 0)) {
      bool.setMinimumNumberShouldMatch(minimum == null ? 1 : minimumShouldMatch(minimum, optional));
    }
    if (required + optional == 0) {
      bool.add(new MatchAllDocsQuery(), excluded == 0 ? Occur.MUST : Occur.FILTER);
    }
    return boosted(bool.build(), spec);
  }

  private int add(BooleanQuery.Builder bool, Object clauses, Occur occur) {
    int count = 0;
    for (Object clause : Values.items(clauses)) {
      bool.add(translate(object("bool", clause)), occur);
      count++;
    }
    return count;
  }

  /**
   * How many of {@code optional} clauses must match: a count, a negative count (all but), a percentage rounded
   * down, or a negative percentage.
   */
  static int minimumShouldMatch(Object spec, int optional) {
    String text = String.valueOf(spec).trim();
    int count;
    if (text.endsWith("%")) {
      double percent = Double.parseDouble(text.substring(0, text.length() - 1));
      int part = (int) (Math.abs(percent) * optional / 100);
      count = percent < 0 ? optional - part : part;
    } else {
      // Limitation: combinations such as "3<90%" are not read.
      int number = Integer.parseInt(text);
      count = number < 0 ? optional + number : number;
    }
    return Math.max(0, Math.min(optional, count));
  }

  private Query disMax(Object spec) {
    JsonObject object = object("dis_max", spec);
    List<Query> queries = new ArrayList<>();
    for (Object query : object.getJsonArray("queries", new JsonArray())) {
      queries.add(translate(object("dis_max", query)));
    }
    return boosted(new DisjunctionMaxQuery(queries, ((Number) object.getValue("tie_breaker", 0)).floatValue()), spec);
  }

  private Query terms(Object spec) {
    JsonObject object = object("terms", spec);
    String name = single("terms", object, FIELD_OPTIONS);
    if (!(object.getValue(name) instanceof JsonArray values)) {
      // Limitation: terms lookups ({index, id, path}) are not supported.
      throw new IllegalArgumentException("[terms] query requires an array of values for field [" + name + "]");
    }
    Field field = fields.get(name);
    return field == null ? new MatchNoDocsQuery() : boosted(FieldQueries.terms(field, values), spec);
  }

  private Query ids(Object spec) {
    JsonArray values = object("ids", spec).getJsonArray("values", new JsonArray());
    return boosted(new TermInSetQuery(Indexer.ID, values.stream().map(v -> new BytesRef(FieldQueries.text(v)))
      .toList()), spec);
  }

  private Query geoDistance(Object spec) {
    JsonObject object = object("geo_distance", spec);
    if (object.getValue("distance") == null) {
      throw new IllegalArgumentException("geo_distance requires 'distance' to be specified");
    }
    double meters = Geo.meters(object.getValue("distance"));
    Field field = geoField(single("geo_distance", object, GEO_OPTIONS));
    if (field == null) {
      return new MatchNoDocsQuery();
    }
    Geo.Point center = Geo.point(object.getValue(field.path()));
    return boosted(LatLonPoint.newDistanceQuery(field.path(), center.lat(), center.lon(), meters), spec);
  }

  /**
   * A box given by {@code top_left} and {@code bottom_right}, {@code top_right} and {@code bottom_left}, its four
   * sides, or a WKT {@code BBOX (left, right, top, bottom)}.
   */
  private Query geoBoundingBox(Object spec) {
    JsonObject object = object("geo_bounding_box", spec);
    String name = single("geo_bounding_box", object, GEO_OPTIONS);
    JsonObject box = object("geo_bounding_box", object.getValue(name));
    Field field = geoField(name);
    if (field == null) {
      return new MatchNoDocsQuery();
    }
    double top;
    double left;
    double bottom;
    double right;
    if (box.containsKey("wkt")) {
      String[] sides = box.getString("wkt").replaceAll("(?i)\\s*BBOX\\s*\\(|\\)\\s*", "").split(",");
      left = Double.parseDouble(sides[0].trim());
      right = Double.parseDouble(sides[1].trim());
      top = Double.parseDouble(sides[2].trim());
      bottom = Double.parseDouble(sides[3].trim());
    } else if (box.containsKey("top_left") || box.containsKey("top_right")) {
      boolean leftOnTop = box.containsKey("top_left");
      Geo.Point upper = Geo.point(box.getValue(leftOnTop ? "top_left" : "top_right"));
      Geo.Point lower = Geo.point(box.getValue(leftOnTop ? "bottom_right" : "bottom_left"));
      top = upper.lat();
      bottom = lower.lat();
      left = leftOnTop ? upper.lon() : lower.lon();
      right = leftOnTop ? lower.lon() : upper.lon();
    } else {
      top = Values.toDouble(box.getValue("top"));
      left = Values.toDouble(box.getValue("left"));
      bottom = Values.toDouble(box.getValue("bottom"));
      right = Values.toDouble(box.getValue("right"));
    }
    return boosted(LatLonPoint.newBoxQuery(field.path(), bottom, top, left, right), spec);
  }

  private Field geoField(String name) {
    Field field = fields.get(name);
    if (field != null && field.kind() != Kind.GEO_POINT) {
      throw new IllegalArgumentException("field [" + name + "] is not a geo_point field");
    }
    return field;
  }

  /** A query on one field, written {@code {field: value}} or {@code {field: {<valueKey>: value, options...}}}. */
  @FunctionalInterface
  private interface FieldQuery {
    Query build(Field field, Object value, JsonObject options);
  }

  private Query onField(String keyword, Object spec, String valueKey, FieldQuery query) {
    JsonObject object = object(keyword, spec);
    String name = single(keyword, object, FIELD_OPTIONS);
    Object given = object.getValue(name);
    JsonObject options = given instanceof JsonObject o ? o : new JsonObject();
    Object value = valueKey == null ? given : given instanceof JsonObject o ? o.getValue(valueKey) : given;
    if (value == null && valueKey != null && !keyword.equals("wildcard")) {
      throw new IllegalArgumentException("[" + keyword + "] query on field [" + name + "] has no [" + valueKey
        + "]");
    }
    Field field = fields.get(name);
    return field == null ? new MatchNoDocsQuery() : boosted(query.build(field, value, options), options);
  }

  /** The one field a query names among its options. */
  private static String single(String keyword, JsonObject spec, Set<String> options) {
    List<String> names = spec.fieldNames().stream().filter(name -> !options.contains(name)).toList();
    if (names.size() != 1) {
      throw new IllegalArgumentException("[" + keyword + "] query takes exactly one field, not " + names);
    }
    return names.get(0);
  }

  private static Query boosted(Query query, Object spec) {
    if (spec instanceof JsonObject object && object.getValue("boost") instanceof Number boost
        && boost.floatValue() != 1) {
      return new BoostQuery(query, boost.floatValue());
    }
    return query;
  }

  private static boolean caseInsensitive(JsonObject options) {
    return Boolean.TRUE.equals(options.getValue("case_insensitive"));
  }

  private static JsonObject object(String keyword, Object value) {
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new IllegalArgumentException("[" + keyword + "] query malformed, an object is expected");
  }

  private static String string(String keyword, Object value) {
    if (value instanceof String text) {
      return text;
    }
    throw new IllegalArgumentException("[" + keyword + "] requires a string field name");
  }
}
