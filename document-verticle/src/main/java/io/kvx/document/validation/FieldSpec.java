package io.kvx.document.validation;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One declared field, checked and completed: its path from the document root, its type with curated options, and
 * the fields declared below it.
 *
 * @param path the keys from the root, e.g. {@code [address, city]} for {@code "address/city"}
 * @param defaultValue the value put in place of a missing one on writes other than updates, or {@code null}
 * @param minCount the fewest elements of a multivalued field, or -1
 * @param maxCount the most elements of a multivalued field, or -1
 */
record FieldSpec(List<String> path, FieldType type, JsonObject typeOptions, boolean mandatory, Object defaultValue,
    boolean multivalued, int minCount, int maxCount, Map<String, FieldSpec> children) {
  FieldSpec {
    children = new LinkedHashMap<>(children);
  }

  /** The path as Kuzzle names it in messages: keys joined by dots. */
  String dotted() {
    return String.join(".", path);
  }

  String key() {
    return path.get(path.size() - 1);
  }
}
