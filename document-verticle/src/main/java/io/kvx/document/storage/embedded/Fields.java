package io.kvx.document.storage.embedded;

import io.kvx.document.storage.CollectionMapping;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A collection's mapping flattened to dotted paths, {@code _kuzzle_info} and multi-fields ({@code name.keyword})
 * included: what the indexer writes and what queries and sorts read.
 */
final class Fields {

  /** How a mapped type is indexed: the Elasticsearch types that index alike share a kind. */
  // Limitation: integer types are indexed as long without range checks, and float, half_float and scaled_float as
  // double, so values out of a type's range are accepted and decimals keep a double's precision.
  enum Kind {
    KEYWORD, TEXT, LONG, DOUBLE, BOOLEAN, DATE, GEO_POINT, OBJECT;

    static Kind of(String type) {
      return switch (type) {
        case "keyword" -> KEYWORD;
        case "text" -> TEXT;
        case "integer", "long", "short", "byte" -> LONG;
        case "float", "double", "half_float", "scaled_float" -> DOUBLE;
        case "boolean" -> BOOLEAN;
        case "date" -> DATE;
        case "geo_point" -> GEO_POINT;
        default -> OBJECT;
      };
    }

    /** Whether its values are strings in the index, so that term, prefix and wildcard queries apply. */
    boolean isString() {
      return this == KEYWORD || this == TEXT;
    }
  }

  /** One mapped path, with its definition in the mapping. */
  record Field(String path, String type, Kind kind, JsonObject definition) {
  }

  /** The document id, indexed as a keyword though no mapping declares it. */
  static final Field ID = new Field(Indexer.ID, "keyword", Kind.KEYWORD, new JsonObject());

  private final CollectionMapping mapping;
  private final JsonObject properties;
  private final JsonObject kuzzleInfo;
  private final Map<String, Field> paths = new LinkedHashMap<>();

  Fields(CollectionMapping mapping) {
    this.mapping = mapping;
    JsonObject all = mapping.toJson(true).getJsonObject("properties");
    this.kuzzleInfo = (JsonObject) all.remove("_kuzzle_info");
    this.properties = all;
    flatten(properties, "");
    flatten(new JsonObject().put("_kuzzle_info", kuzzleInfo), "");
  }

  private void flatten(JsonObject properties, String prefix) {
    for (Map.Entry<String, Object> entry : properties) {
      JsonObject definition = (JsonObject) entry.getValue();
      String path = prefix + entry.getKey();
      String type = typeOf(definition);
      paths.put(path, new Field(path, type, Kind.of(type), definition));
      JsonObject children = definition.getJsonObject("properties");
      if (children != null) {
        flatten(children, path + ".");
      }
      JsonObject multi = definition.getJsonObject("fields");
      if (multi != null) {
        flatten(multi, path + ".");
      }
    }
  }

  /** Elasticsearch's reason for refusing to sort or aggregate on a text field. */
  static String noDocValues(String path) {
    return "Text fields are not optimised for operations that require per-document field data like aggregations "
      + "and sorting, so these operations are disabled by default. Please use a keyword field instead. "
      + "Alternatively, set fielddata=true on [" + path + "]";
  }

  static String typeOf(JsonObject definition) {
    return definition.getString("type", "object");
  }

  CollectionMapping mapping() {
    return mapping;
  }

  /** The mapping's properties, {@code _kuzzle_info} aside; read only (the indexer copies them to grow them). */
  JsonObject properties() {
    return properties;
  }

  /** The implicit mapping of {@code _kuzzle_info}; read only. */
  JsonObject kuzzleInfo() {
    return kuzzleInfo;
  }

  /** The field at {@code path}, or {@code null} if the mapping does not index it. */
  Field get(String path) {
    return path.equals(Indexer.ID) ? ID : paths.get(path);
  }

  /**
   * The string fields (text and keyword) a full-text query reads when it names none, as Elasticsearch's default
   * {@code index.query.default_field: *} does, or those matching a pattern with {@code *} wildcards.
   */
  List<Field> matching(String pattern) {
    String regex = pattern.equals("*") ? ".*" : ("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q");
    List<Field> matched = new ArrayList<>();
    for (Field field : paths.values()) {
      if (field.kind().isString() && field.path().matches(regex)) {
        matched.add(field);
      }
    }
    return matched;
  }
}
