package io.kvx.realtime.filter;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A document flattened the way Koncorde sees it: every key of a nested object is also reachable by its dotted path
 * ({@code {a: {b: 1}}} has the fields {@code a} and {@code a.b}); arrays are values, their elements are not fields.
 * Values are normalized by {@link Values#normalize(Object)}. A field may be present with a {@code null} value.
 */
// Limitation: a key containing a dot ({"a.b": 1}) and a nested path ({"a": {"b": 2}}) share one flattened field;
// when a document has both, the one that comes last in the document wins.
final class FlatDocument {

  private final Map<String, Object> fields = new HashMap<>();

  /** An empty document, filled by {@link FieldPaths#flatten}. */
  FlatDocument() {
  }

  /** Flattens a document given as nested maps and lists (Vert.x {@code JsonObject}/{@code JsonArray} accepted). */
  static FlatDocument of(Map<String, Object> document) {
    FlatDocument flat = new FlatDocument();
    Map<String, Object> normalized = Values.asMap(Values.normalize(document));
    if (normalized != null) {
      flat.flatten("", normalized);
    }
    return flat;
  }

  /** A document holding one field with an already normalized value. */
  static FlatDocument single(String field, Object value) {
    FlatDocument flat = new FlatDocument();
    flat.fields.put(field, value);
    return flat;
  }

  private void flatten(String prefix, Map<String, Object> object) {
    for (Map.Entry<String, Object> entry : object.entrySet()) {
      String path = prefix + entry.getKey();
      Object value = entry.getValue();
      fields.put(path, value);
      if (value instanceof Map) {
        flatten(path + ".", Values.asMap(value));
      }
    }
  }

  /** Sets a field to an already normalized value; true when the field was already set. */
  boolean put(String field, Object value) {
    int size = fields.size();
    fields.put(field, value);
    return fields.size() == size;
  }

  boolean has(String field) {
    return fields.containsKey(field);
  }

  Object get(String field) {
    return fields.get(field);
  }

  Set<Map.Entry<String, Object>> entries() {
    return fields.entrySet();
  }
}
