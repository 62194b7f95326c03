package io.kvx.document.storage.embedded;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.embedded.Fields.Field;
import io.kvx.document.storage.embedded.Fields.Kind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code aggregations} (or {@code aggs}) of a search body, computed over the documents its {@code query}
 * matches ({@code post_filter} aside, as in Elasticsearch) from doc values, with Elasticsearch's response shapes:
 * bucket aggregations ({@code terms}, {@code range}, {@code histogram}, {@code date_histogram}) answer
 * {@code {buckets: [...]}} and may hold sub-aggregations, metrics ({@code avg}, {@code sum}, {@code min},
 * {@code max}, {@code value_count}, {@code cardinality}, {@code stats}) answer {@code {value}}, or the statistics.
 * An aggregation on a field the mapping does not have finds no values; on a text field it is refused, as in
 * Elasticsearch.
 */
// Limitation: other aggregation types (filter(s), nested, top_hits, percentiles, date_range, geo...) and the
// include, exclude and script options are refused or ignored; each needs its own reading of the doc values.
final class Aggregations {

  /** Elasticsearch's default {@code search.max_buckets}. */
  static final int MAX_BUCKETS = 65_536;
  private static final Set<String> BUCKETS = Set.of("terms", "range", "histogram", "date_histogram");
  private static final Set<String> METRICS = Set.of("avg", "sum", "min", "max", "value_count", "cardinality",
    "stats");
  private static final String SERVED = String.join(", ", new TreeSet<>(Stream.concat(BUCKETS.stream(),
    METRICS.stream()).toList()));
  /** Aggregations that read numbers: keyword fields are refused. */
  private static final Set<String> NUMERIC = Set.of("avg", "sum", "min", "max", "stats", "range", "histogram",
    "date_histogram");

  /**
   * One aggregation of the body.
   *
   * @param field the field it reads, or {@code null} when the mapping does not have it
   */
  record Request(String name, String type, JsonObject options, Field field, List<Request> subs) {
  }

  private final List<Request> requests;
  private final Query query;

  private Aggregations(List<Request> requests, Query query) {
    this.requests = requests;
    this.query = query;
  }

  /** The aggregations of {@code body} over the matches of {@code query}, or {@code null} when it asks for none. */
  static Aggregations of(JsonObject body, Fields fields, Query query) {
    if (body.getValue("aggs") != null && body.getValue("aggregations") != null) {
      throw Indexer.badRequest("Found two aggregation definitions: [aggs] and [aggregations]");
    }
    Object spec = body.getValue("aggs") != null ? body.getValue("aggs") : body.getValue("aggregations");
    return spec == null ? null : new Aggregations(parse(spec, fields), query);
  }

  private static List<Request> parse(Object spec, Fields fields) {
    if (!(spec instanceof JsonObject all)) {
      throw Indexer.badRequest("[aggs] must be an object");
    }
    List<Request> requests = new ArrayList<>();
    for (Map.Entry<String, Object> entry : all) {
      String name = entry.getKey();
      if (!(entry.getValue() instanceof JsonObject definition)) {
        throw Indexer.badRequest("Expected [START_OBJECT] under [" + name + "]");
      }
      String type = null;
      Object subs = null;
      for (String key : definition.fieldNames()) {
        if (key.equals("aggs") || key.equals("aggregations")) {
          subs = definition.getValue(key);
        } else if (!key.equals("meta")) {
          if (type != null) {
            throw Indexer.badRequest("Found two aggregation type definitions in [" + name + "]: [" + type
              + "] and [" + key + "]");
          }
          type = key;
        }
      }
      requests.add(request(name, type, definition, subs, fields));
    }
    return requests;
  }

  private static Request request(String name, String type, JsonObject definition, Object subs, Fields fields) {
    if (type == null) {
      throw Indexer.badRequest("Missing definition for aggregation [" + name + "]");
    }
    if (!BUCKETS.contains(type) && !METRICS.contains(type)) {
      throw Indexer.badRequest("Unknown aggregation type [" + type + "] (the embedded storage engine computes "
        + SERVED + ")");
    }
    boolean none = subs == null || subs instanceof JsonObject empty && empty.isEmpty();
    if (!none && METRICS.contains(type)) {
      throw Indexer.badRequest("Aggregator [" + name + "] of type [" + type + "] cannot accept sub-aggregations");
    }
    if (!(definition.getValue(type) instanceof JsonObject options)) {
      throw Indexer.badRequest("Expected [START_OBJECT] under [" + type + "], but got a value in [" + name + "]");
    }
    return new Request(name, type, options, field(type, options, fields),
      subs == null ? List.of() : parse(subs, fields));
  }

  private static Field field(String type, JsonObject options, Fields fields) {
    if (!(options.getValue("field") instanceof String path)) {
      throw Indexer.badRequest("Required one of fields [field, script], but none were specified.");
    }
    Field field = fields.get(path);
    if (field == null) {
      return null;
    }
    if (field.kind() == Kind.TEXT) {
      throw Indexer.badRequest(Fields.noDocValues(path));
    }
    if (field.kind() == Kind.GEO_POINT || field.kind() == Kind.OBJECT
        || field.kind() == Kind.KEYWORD && NUMERIC.contains(type)) {
      throw Indexer.badRequest("Field [" + path + "] of type [" + field.type() + "] is not supported for "
        + "aggregation [" + type + "]");
    }
    return field;
  }

  /** {@code {name: result}} for each aggregation, over the matches of the query in {@code searcher}. */
  JsonObject compute(IndexSearcher searcher) throws IOException {
    return compute(requests, DocSet.matching(searcher, query));
  }

  static JsonObject compute(List<Request> requests, DocSet docs) throws IOException {
    JsonObject results = new JsonObject();
    for (Request request : requests) {
      results.put(request.name(), switch (request.type()) {
        case "terms" -> terms(request, docs);
        case "range" -> range(request, docs);
        case "histogram" -> Histograms.histogram(request, docs);
        case "date_histogram" -> Histograms.dateHistogram(request, docs);
        default -> Metrics.compute(request, docs);
      });
    }
    return results;
  }

  /** A bucket: its fields so far, then {@code doc_count} and the results of the sub-aggregations. */
  static JsonObject bucket(JsonObject bucket, Request request, DocSet docs) throws IOException {
    return bucket.put("doc_count", docs.count()).mergeIn(compute(request.subs(), docs));
  }

  /** {@code terms}: the {@code size} most frequent values (by default), {@code min_doc_count} 1. */
  private static JsonObject terms(Request request, DocSet docs) throws IOException {
    int size = (int) option(request, "size", 10);
    long minDocCount = option(request, "min_doc_count", 1);
    Object missing = request.options().getValue("missing");
    Map<Object, DocSet> found = new HashMap<>();
    if (request.field() != null) {
      docs.forEachValue(request.field(), (leaf, doc, value) -> {
        Object key = value != null ? value : missing;
        if (key != null) {
          found.computeIfAbsent(key, k -> new DocSet()).add(leaf, doc);
        }
      });
    }
    List<Map.Entry<Object, DocSet>> buckets = new ArrayList<>(found.entrySet().stream()
      .filter(bucket -> bucket.getValue().count() >= minDocCount).toList());
    Map<Object, JsonObject> subs = new HashMap<>();
    buckets.sort(TermsOrder.of(request, subs, buckets));
    JsonArray answer = new JsonArray();
    long others = 0;
    for (int i = 0; i < buckets.size(); i++) {
      Map.Entry<Object, DocSet> bucket = buckets.get(i);
      if (i >= size) {
        others += bucket.getValue().count();
        continue;
      }
      JsonObject item = key(request.field(), bucket.getKey());
      JsonObject computed = subs.get(bucket.getKey());
      answer.add(computed != null ? item.put("doc_count", bucket.getValue().count()).mergeIn(computed)
        : bucket(item, request, bucket.getValue()));
    }
    return new JsonObject().put("doc_count_error_upper_bound", 0).put("sum_other_doc_count", others)
      .put("buckets", answer);
  }

  /** {@code {key}}, with {@code key_as_string} for booleans and dates, as Elasticsearch gives terms keys. */
  private static JsonObject key(Field field, Object key) {
    JsonObject bucket = new JsonObject().put("key", key);
    if (field != null && field.kind() == Kind.BOOLEAN && key instanceof Long flag) {
      bucket.put("key_as_string", flag == 1 ? "true" : "false");
    } else if (field != null && field.kind() == Kind.DATE && key instanceof Long millis) {
      bucket.put("key_as_string", Histograms.iso(millis));
    }
    return bucket;
  }

  /** {@code range}: a bucket per range, {@code from} included and {@code to} excluded, sorted as Elasticsearch. */
  private static JsonObject range(Request request, DocSet docs) throws IOException {
    if (!(request.options().getValue("ranges") instanceof JsonArray ranges) || ranges.isEmpty()) {
      throw Indexer.badRequest("No [ranges] specified for the [" + request.name() + "] aggregation");
    }
    List<Range> parsed = new ArrayList<>();
    for (Object item : ranges) {
      if (!(item instanceof JsonObject range)) {
        throw Indexer.badRequest("[ranges] of [" + request.name() + "] must hold objects");
      }
      parsed.add(new Range(bound(request, range.getValue("from")), bound(request, range.getValue("to")),
        range.getValue("key") instanceof String key ? key : null, new DocSet()));
    }
    parsed.sort(Comparator.comparing(Range::from, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(Range::to, Comparator.nullsLast(Comparator.naturalOrder())));
    if (request.field() != null) {
      docs.forEachValue(request.field(), (leaf, doc, value) -> {
        for (Range range : parsed) {
          if (value != null && range.contains(((Number) value).doubleValue())) {
            range.docs().add(leaf, doc);
          }
        }
      });
    }
    boolean keyed = Boolean.TRUE.equals(request.options().getValue("keyed"));
    JsonArray list = new JsonArray();
    JsonObject byKey = new JsonObject();
    for (Range range : parsed) {
      JsonObject bucket = keyed ? new JsonObject() : new JsonObject().put("key", range.key());
      if (range.from() != null) {
        bucket.put("from", range.from());
      }
      if (range.to() != null) {
        bucket.put("to", range.to());
      }
      bucket(bucket, request, range.docs());
      list.add(bucket);
      byKey.put(range.key(), bucket);
    }
    return new JsonObject().put("buckets", keyed ? byKey : list);
  }

  private static Double bound(Request request, Object value) {
    if (value == null) {
      return null;
    }
    try {
      boolean date = request.field() != null && request.field().kind() == Kind.DATE;
      return date && value instanceof String ? (double) Dates.parse(value) : Values.toDouble(value);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw Indexer.badRequest("[" + request.name() + "] cannot read the range bound [" + value + "]");
    }
  }

  private record Range(Double from, Double to, String ownKey, DocSet docs) {
    boolean contains(double value) {
      return (from == null || value >= from) && (to == null || value < to);
    }

    String key() {
      return ownKey != null ? ownKey : (from == null ? "*" : from.toString()) + "-"
        + (to == null ? "*" : to.toString());
    }
  }

  /** A whole-number option of an aggregation. */
  static long option(Request request, String name, long fallback) {
    Object value = request.options().getValue(name);
    if (value == null) {
      return fallback;
    }
    try {
      long number = Values.toLong(value);
      if (number < 0) {
        throw new IllegalArgumentException();
      }
      return number;
    } catch (IllegalArgumentException e) {
      throw Indexer.badRequest("[" + name + "] of [" + request.name() + "] must be a positive number");
    }
  }

  static KuzzleError tooManyBuckets(long buckets) {
    return Indexer.badRequest("Trying to create too many buckets. Must be less than or equal to: [" + MAX_BUCKETS
      + "] but was [" + buckets + "]. This limit can be set by changing the [search.max_buckets] cluster level "
      + "setting.");
  }
}
