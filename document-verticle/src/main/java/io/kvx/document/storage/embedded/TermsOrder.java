package io.kvx.document.storage.embedded;

import io.kvx.document.storage.embedded.Aggregations.Request;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The {@code order} of a {@code terms} aggregation: by {@code _count} (descending by default), {@code _key} (or the
 * older {@code _term}), or a single-value sub-aggregation ({@code "avg_price"}, {@code "price_stats.max"}), one
 * criterion or an array of them; ties go to the smaller key, as in Elasticsearch.
 */
final class TermsOrder {

  private TermsOrder() {
  }

  /**
   * The comparator of the buckets; when it orders by a sub-aggregation, computes the sub-aggregations of every
   * bucket into {@code subs}, by key.
   */
  static Comparator<Map.Entry<Object, DocSet>> of(Request request, Map<Object, JsonObject> subs,
      List<Map.Entry<Object, DocSet>> buckets) throws IOException {
    Object spec = request.options().getValue("order");
    Comparator<Map.Entry<Object, DocSet>> order = null;
    boolean bySub = false;
    for (Object item : spec == null ? List.of(new JsonObject().put("_count", "desc")) : Values.items(spec)) {
      if (!(item instanceof JsonObject criterion) || criterion.size() != 1) {
        throw Indexer.badRequest("[order] of [" + request.name() + "] takes objects of one key");
      }
      String key = criterion.fieldNames().iterator().next();
      Comparator<Map.Entry<Object, DocSet>> next = switch (key) {
        case "_count" -> Comparator.comparingLong(bucket -> bucket.getValue().count());
        case "_key", "_term" -> (a, b) -> compareKeys(a.getKey(), b.getKey());
        default -> Comparator.comparingDouble(bucket -> subValue(request, subs.get(bucket.getKey()), key));
      };
      bySub |= !key.startsWith("_");
      String direction = String.valueOf(criterion.getValue(key));
      if (!direction.equals("asc") && !direction.equals("desc")) {
        throw Indexer.badRequest("Unknown terms order direction [" + direction + "]");
      }
      next = direction.equals("desc") ? next.reversed() : next;
      order = order == null ? next : order.thenComparing(next);
    }
    if (bySub) {
      for (Map.Entry<Object, DocSet> bucket : buckets) {
        subs.put(bucket.getKey(), Aggregations.compute(request.subs(), bucket.getValue()));
      }
    }
    return order.thenComparing((a, b) -> compareKeys(a.getKey(), b.getKey()));
  }

  static int compareKeys(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  /** The value a sub-aggregation path names: {@code name} (its {@code value}) or {@code name.statistic}. */
  private static double subValue(Request request, JsonObject subs, String path) {
    int dot = path.indexOf('.');
    String name = dot < 0 ? path : path.substring(0, dot);
    Object result = subs == null ? null : subs.getValue(name);
    if (!(result instanceof JsonObject metric) || metric.containsKey("buckets")) {
      throw Indexer.badRequest("Invalid aggregation order path [" + path + "] of [" + request.name() + "]");
    }
    Object value = metric.getValue(dot < 0 ? "value" : path.substring(dot + 1));
    return value instanceof Number number ? number.doubleValue() : Double.NEGATIVE_INFINITY;
  }
}
