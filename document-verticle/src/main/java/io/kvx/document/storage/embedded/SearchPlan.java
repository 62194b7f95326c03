package io.kvx.document.storage.embedded;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.Query;

import java.time.DateTimeException;
import java.util.List;

/**
 * A search body read against a collection's fields: the Lucene query ({@code query} and {@code post_filter}), the
 * sort and {@code search_after} position, the page and the {@code _source} filter.
 *
 * @param sorting the sort, or {@code null} for relevance order
 * @param after where {@code search_after} resumes, or {@code null}
 * @param source the {@code _source} filter, or {@code null}
 * @param aggregations the aggregations to compute with the first page, or {@code null}
 * @param highlights the highlight of each hit, or {@code null}
 */
record SearchPlan(Query query, Sorting sorting, FieldDoc after, int from, int size, SourceFilter source,
    Aggregations aggregations, Highlights highlights) {
  /** Keys of a search body this engine does not serve: refused rather than silently ignored. */
  // Limitation: suggest and collapse are not computed by the embedded engine; a body asking for them is refused
  // with services.storage.unexpected_bad_request.
  private static final List<String> UNSERVED = List.of("suggest", "collapse");
  private static final int DEFAULT_SIZE = 10;
  /** Elasticsearch's default {@code index.max_result_window}: how deep from and size may reach. */
  static final int MAX_RESULT_WINDOW = 10_000;

  static SearchPlan of(JsonObject body, Fields fields, long now) {
    for (String key : UNSERVED) {
      if (body.containsKey(key)) {
        throw Indexer.badRequest("[" + key + "] is not supported by the embedded storage engine");
      }
    }
    QueryTranslator translator = new QueryTranslator(fields, now);
    Query query = translator.translate(object(body, "query"));
    Aggregations aggregations = Aggregations.of(body, fields, query);
    if (body.getValue("post_filter") != null) {
      query = new BooleanQuery.Builder().add(query, Occur.MUST)
        .add(translator.translate(object(body, "post_filter")), Occur.FILTER).build();
    }
    try {
      Sorting sorting = Sorting.of(body.getValue("sort"), fields);
      FieldDoc after = null;
      if (body.getValue("search_after") != null) {
        if (sorting == null || !(body.getValue("search_after") instanceof JsonArray values)) {
          throw new IllegalArgumentException("search_after needs an array of values and a sort");
        }
        after = sorting.after(values);
      }
      int from = count(body, "from", 0);
      int size = count(body, "size", DEFAULT_SIZE);
      if ((long) from + size > MAX_RESULT_WINDOW) {
        throw new IllegalArgumentException("Result window is too large, from + size must be less than or equal to: ["
          + MAX_RESULT_WINDOW + "] but was [" + ((long) from + size) + "]. See the scroll api for a more efficient way "
          + "to request large data sets.");
      }
      return new SearchPlan(query, sorting, after, from, size, SourceFilter.of(body), aggregations,
        Highlights.of(body, fields, query));
    } catch (IllegalArgumentException | DateTimeException | ClassCastException e) {
      throw Indexer.badRequest(String.valueOf(e.getMessage()));
    }
  }

  /** The query alone, for counts. */
  static Query query(JsonObject body, Fields fields, long now) {
    return new QueryTranslator(fields, now).translate(object(body, "query"));
  }

  private static JsonObject object(JsonObject body, String key) {
    Object value = body.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw Indexer.badRequest("[" + key + "] must be an object");
    }
    return (JsonObject) value;
  }

  private static int count(JsonObject body, String key, int fallback) {
    Object value = body.getValue(key);
    if (value == null) {
      return fallback;
    }
    long number = Values.toLong(value);
    if (number < 0 || number > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("[" + key + "] parameter cannot be negative or that large");
    }
    return (int) number;
  }
}
