package io.kvx.document.storage.embedded;

import io.kvx.document.storage.embedded.Fields.Field;
import io.kvx.document.storage.embedded.Fields.Kind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.SortedSetSortField;
import org.apache.lucene.util.BytesRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code sort} of a search body as Elasticsearch reads it (a string, an object, or an array of them; fields,
 * {@code _score}, {@code _id}, {@code _doc} and {@code _geo_distance}), its {@code search_after} values, and the
 * sort values of hits. Fields sort ascending by default, {@code _score} descending; missing values come last
 * unless {@code missing} says otherwise; an array sorts by its smallest value ascending, its largest descending.
 */
final class Sorting {

  private static final Set<String> GEO_OPTIONS = Set.of("order", "unit", "mode", "distance_type",
    "ignore_unmapped", "validation_method");

  private final List<Key> keys;
  private final Sort sort;

  private Sorting(List<Key> keys) {
    this.keys = keys;
    this.sort = new Sort(keys.stream().map(Key::field).toArray(SortField[]::new));
  }

  /** One sort criterion: its Lucene sort field, and how to read and write its values. */
  private record Key(SortField field, Kind kind, Object missing, double unitMeters) {
  }

  /** The sort of {@code spec}, or {@code null} when it has none (relevance order). */
  static Sorting of(Object spec, Fields fields) {
    List<Key> keys = new ArrayList<>();
    for (Object item : Values.items(spec)) {
      if (item instanceof String name) {
        keys.add(key(name, new JsonObject(), fields));
      } else if (item instanceof JsonObject object) {
        for (Map.Entry<String, Object> entry : object) {
          JsonObject options = entry.getValue() instanceof JsonObject o ? o
            : new JsonObject().put("order", entry.getValue());
          keys.add(key(entry.getKey(), options, fields));
        }
      } else {
        throw new IllegalArgumentException("malformed sort: " + item);
      }
    }
    return keys.isEmpty() ? null : new Sorting(keys);
  }

  private static Key key(String name, JsonObject options, Fields fields) {
    String order = options.getString("order", name.equals("_score") ? "desc" : "asc");
    boolean descending = order.equalsIgnoreCase("desc");
    if (!descending && !order.equalsIgnoreCase("asc")) {
      throw new IllegalArgumentException("Unknown SortOrder [" + order + "]");
    }
    switch (name) {
      case "_score":
        return new Key(new SortField(null, SortField.Type.SCORE, !descending), null, null, 1);
      case "_doc":
        return new Key(new SortField(null, SortField.Type.DOC, descending), null, null, 1);
      case "_geo_distance":
        return geoDistance(options, fields, descending);
      case "_id":
        return fieldKey(new Field(Indexer.ID_ORDER, "keyword", Kind.KEYWORD, new JsonObject()), descending,
          options);
      default:
        break;
    }
    Field field = fields.get(name);
    if (field == null) {
      Object unmapped = options.getValue("unmapped_type");
      if (unmapped == null) {
        throw new IllegalArgumentException("No mapping found for [" + name + "] in order to sort on");
      }
      field = new Field(name, String.valueOf(unmapped), Kind.of(String.valueOf(unmapped)), new JsonObject());
    }
    return fieldKey(field, descending, options);
  }

  private static Key fieldKey(Field field, boolean descending, JsonObject options) {
    // Limitation: the avg, sum and median sort modes of arrays sort as min (ascending) or max (descending).
    String mode = options.getString("mode", descending ? "max" : "min");
    boolean max = mode.equals("max");
    boolean first = "_first".equals(options.getValue("missing"));
    Object custom = "_first".equals(options.getValue("missing")) || "_last".equals(options.getValue("missing"))
      ? null : options.getValue("missing");
    boolean low = first != descending;
    String path = field.path();
    switch (field.kind()) {
      case KEYWORD -> {
        SortedSetSortField sortField = new SortedSetSortField(path, descending, max ? SortedSetSelector.Type.MAX
          : SortedSetSelector.Type.MIN);
        sortField.setMissingValue(low ? SortField.STRING_FIRST : SortField.STRING_LAST);
        return new Key(sortField, Kind.KEYWORD, null, 1);
      }
      case LONG, DATE, BOOLEAN -> {
        SortedNumericSortField sortField = new SortedNumericSortField(path, SortField.Type.LONG, descending,
          max ? SortedNumericSelector.Type.MAX : SortedNumericSelector.Type.MIN);
        long missing = custom != null ? longValue(field.kind(), custom) : low ? Long.MIN_VALUE : Long.MAX_VALUE;
        sortField.setMissingValue(missing);
        return new Key(sortField, field.kind(), missing, 1);
      }
      case DOUBLE -> {
        SortedNumericSortField sortField = new SortedNumericSortField(path, SortField.Type.DOUBLE, descending,
          max ? SortedNumericSelector.Type.MAX : SortedNumericSelector.Type.MIN);
        double missing = custom != null ? Values.toDouble(custom) : low ? Double.NEGATIVE_INFINITY
          : Double.POSITIVE_INFINITY;
        sortField.setMissingValue(missing);
        return new Key(sortField, Kind.DOUBLE, missing, 1);
      }
      case TEXT -> throw new IllegalArgumentException(Fields.noDocValues(path));
      default -> throw new IllegalArgumentException("can't sort on field [" + path + "] of type [" + field.type()
        + "]");
    }
  }

  /** {@code {_geo_distance: {field: point, order, unit}}}: ascending distance from a point. */
  private static Key geoDistance(JsonObject options, Fields fields, boolean descending) {
    if (descending) {
      // Limitation: Lucene's distance sort is ascending only; a descending one needs a custom comparator.
      throw new IllegalArgumentException("the embedded storage engine sorts by _geo_distance ascending only");
    }
    List<String> names = options.fieldNames().stream().filter(name -> !GEO_OPTIONS.contains(name)).toList();
    if (names.size() != 1) {
      throw new IllegalArgumentException("[_geo_distance] takes exactly one field");
    }
    Field field = fields.get(names.get(0));
    if (field == null || field.kind() != Kind.GEO_POINT) {
      throw new IllegalArgumentException("failed to find mapper for [" + names.get(0) + "] for geo distance based "
        + "sort");
    }
    Geo.Point point = Geo.point(options.getValue(field.path()));
    return new Key(LatLonDocValuesField.newDistanceSort(field.path(), point.lat(), point.lon()), Kind.GEO_POINT,
      null, Geo.unit(options.getString("unit", "m")));
  }

  Sort sort() {
    return sort;
  }

  boolean needsScores() {
    return sort.needsScores();
  }

  /**
   * The position after which {@code search_after} resumes: its values read as the sort's types (dates as the SDK
   * copies them from {@code _source}, ISO strings or epoch milliseconds; {@code null} for a missing value). Hits
   * equal to it on every key are skipped, as in Elasticsearch.
   */
  FieldDoc after(JsonArray values) {
    if (values.size() != keys.size()) {
      throw new IllegalArgumentException("search_after has " + values.size() + " value(s) but sort has "
        + keys.size() + ".");
    }
    Object[] fields = new Object[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      fields[i] = afterValue(keys.get(i), values.getValue(i));
    }
    return new FieldDoc(Integer.MAX_VALUE, Float.NaN, fields);
  }

  private static Object afterValue(Key key, Object value) {
    SortField.Type type = key.field().getType();
    if (type == SortField.Type.SCORE) {
      return (float) Values.toDouble(value);
    }
    if (type == SortField.Type.DOC) {
      return (int) Values.toLong(value);
    }
    if (key.kind() == Kind.GEO_POINT) {
      return Values.toDouble(value) * key.unitMeters();
    }
    if (key.kind() == Kind.KEYWORD) {
      return value == null ? null : new BytesRef(FieldQueries.text(value));
    }
    if (value == null) {
      return key.missing();
    }
    return key.kind() == Kind.DOUBLE ? (Object) Values.toDouble(value) : (Object) longValue(key.kind(), value);
  }

  private static long longValue(Kind kind, Object value) {
    return switch (kind) {
      case DATE -> Dates.parse(value);
      case BOOLEAN -> value instanceof Boolean || value instanceof String ? (Values.toBoolean(value) ? 1 : 0)
        : Values.toLong(value);
      default -> Values.toLong(value);
    };
  }

  /** The sort values of a hit, as Elasticsearch puts them in {@code sort}. */
  JsonArray values(FieldDoc doc) {
    JsonArray values = new JsonArray();
    for (int i = 0; i < keys.size(); i++) {
      Object value = doc.fields[i];
      if (value instanceof BytesRef bytes) {
        values.add(bytes.utf8ToString());
      } else if (keys.get(i).kind() == Kind.GEO_POINT && value instanceof Double meters) {
        values.add(meters / keys.get(i).unitMeters());
      } else {
        values.add(value);
      }
    }
    return values;
  }
}
