package io.kvx.document.storage.embedded;

import io.kvx.document.storage.embedded.Aggregations.Request;
import io.kvx.document.storage.embedded.Fields.Kind;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The metric aggregations, as Elasticsearch answers them: {@code avg}, {@code min} and {@code max} are
 * {@code {value}} with {@code null} when no document has a value ({@code value_as_string} too for dates),
 * {@code sum} is 0 then, {@code value_count} counts values and {@code cardinality} distinct values (exactly, where
 * Elasticsearch estimates past 3000), {@code stats} gives {@code count, min, max, avg, sum}.
 */
final class Metrics {

  private Metrics() {
  }

  static JsonObject compute(Request request, DocSet docs) throws IOException {
    Totals totals = new Totals(request.type().equals("cardinality"));
    if (request.field() != null) {
      docs.forEachValue(request.field(), (leaf, doc, value) -> totals.add(value));
    }
    boolean date = request.field() != null && request.field().kind() == Kind.DATE;
    return switch (request.type()) {
      case "avg" -> value(totals.count == 0 ? null : totals.sum / totals.count, false);
      case "sum" -> value(totals.sum, false);
      case "min" -> value(totals.count == 0 ? null : totals.min, date);
      case "max" -> value(totals.count == 0 ? null : totals.max, date);
      case "value_count" -> new JsonObject().put("value", totals.count);
      case "cardinality" -> new JsonObject().put("value", totals.distinct.size());
      default -> new JsonObject().put("count", totals.count).put("min", totals.count == 0 ? null : totals.min)
        .put("max", totals.count == 0 ? null : totals.max)
        .put("avg", totals.count == 0 ? null : totals.sum / totals.count).put("sum", totals.sum);
    };
  }

  private static JsonObject value(Double value, boolean date) {
    JsonObject answer = new JsonObject().put("value", value);
    return date && value != null ? answer.put("value_as_string", Histograms.iso(value.longValue())) : answer;
  }

  /** What the values of the documents add up to. */
  private static final class Totals {
    private final Set<Object> distinct = new HashSet<>();
    private final boolean countsDistinct;
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    Totals(boolean countsDistinct) {
      this.countsDistinct = countsDistinct;
    }

    void add(Object value) {
      if (value == null) {
        return;
      }
      count++;
      if (value instanceof Number number) {
        sum += number.doubleValue();
        min = Math.min(min, number.doubleValue());
        max = Math.max(max, number.doubleValue());
      }
      if (countsDistinct) {
        distinct.add(value);
      }
    }
  }
}
