package io.kvx.document.storage;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;

/**
 * A collection's mapping as Elasticsearch and Kuzzle define it: {@code dynamic} ({@code "true"}, {@code "false"},
 * {@code "strict"}), {@code _meta} and {@code properties}. Immutable; {@link #merge} gives the mapping an update
 * produces. Every collection also maps {@code _kuzzle_info} implicitly.
 */
public final class CollectionMapping {

  /** Kuzzle's {@code services.storageEngine.commonMapping.dynamic}: unmapped fields are kept but not searchable. */
  public static final String DEFAULT_DYNAMIC = "false";
  public static final Set<String> TYPES = Set.of("keyword", "text", "integer", "long", "short", "byte", "float",
    "double", "half_float", "scaled_float", "boolean", "date", "geo_point", "object", "nested");
  private static final Set<String> FIELD_PARAMETERS = Set.of("type", "properties", "fields", "format", "index",
    "analyzer", "search_analyzer", "ignore_above", "null_value", "dynamic", "enabled", "copy_to", "doc_values",
    "store", "coerce", "norms", "scaling_factor", "ignore_malformed");
  private static final Set<String> DYNAMIC_VALUES = Set.of("true", "false", "strict");
  private static final JsonObject KUZZLE_INFO = new JsonObject().put("properties", new JsonObject()
    .put("author", new JsonObject().put("type", "keyword"))
    .put("createdAt", new JsonObject().put("type", "date"))
    .put("updatedAt", new JsonObject().put("type", "date"))
    .put("updater", new JsonObject().put("type", "keyword")));

  private final String dynamic;
  private final JsonObject meta;
  private final JsonObject properties;

  private CollectionMapping(String dynamic, JsonObject meta, JsonObject properties) {
    this.dynamic = dynamic;
    this.meta = meta;
    this.properties = properties;
  }

  public static CollectionMapping empty() {
    return new CollectionMapping(DEFAULT_DYNAMIC, new JsonObject(), new JsonObject());
  }

  /**
   * Reads and validates {@code {dynamic?, _meta?, properties?}}: known field types only, known parameters only,
   * {@code dynamic} among true, false and strict (booleans accepted), at every level.
   */
  public static CollectionMapping parse(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!key.equals("dynamic") && !key.equals("_meta") && !key.equals("properties")) {
        throw KuzzleError.of("services.storage.invalid_mapping", key, " Accepted: dynamic, _meta, properties.");
      }
    }
    String dynamic = dynamic(json.getValue("dynamic"), "dynamic");
    Object meta = json.getValue("_meta");
    if (meta != null && !(meta instanceof JsonObject)) {
      throw KuzzleError.of("services.storage.wrong_mapping_property", "_meta");
    }
    JsonObject properties = object(json.getValue("properties"), "properties");
    checkProperties(properties, "");
    return new CollectionMapping(dynamic == null ? DEFAULT_DYNAMIC : dynamic,
      meta == null ? new JsonObject() : ((JsonObject) meta).copy(), properties.copy());
  }

  private static String dynamic(Object value, String path) {
    if (value == null) {
      return null;
    }
    String text = String.valueOf(value);
    if (!DYNAMIC_VALUES.contains(text)) {
      throw KuzzleError.of("services.storage.invalid_mapping_argument", path, "dynamic");
    }
    return text;
  }

  private static JsonObject object(Object value, String path) {
    if (value == null) {
      return new JsonObject();
    }
    if (!(value instanceof JsonObject object)) {
      throw KuzzleError.of("services.storage.wrong_mapping_property", path);
    }
    return object;
  }

  private static void checkProperties(JsonObject properties, String prefix) {
    for (Map.Entry<String, Object> entry : properties) {
      String field = prefix + entry.getKey();
      JsonObject definition = object(entry.getValue(), "properties." + field);
      for (String parameter : definition.fieldNames()) {
        if (!FIELD_PARAMETERS.contains(parameter)) {
          throw KuzzleError.of("services.storage.unexpected_properties", parameter, field);
        }
      }
      String type = definition.getValue("type") instanceof String t ? t
        : definition.containsKey("properties") ? "object" : null;
      if (type == null || !TYPES.contains(type)) {
        throw KuzzleError.of("services.storage.invalid_mapping_type", field, String.valueOf(definition
          .getValue("type")));
      }
      dynamic(definition.getValue("dynamic"), field + ".dynamic");
      checkProperties(object(definition.getValue("properties"), field + ".properties"), field + ".");
    }
  }

  /**
   * The mapping after an update: {@code dynamic} and {@code _meta} replaced when given, properties merged; a field
   * may gain sub-fields and parameters but never change its type ({@code services.storage.cannot_change_mapping}).
   */
  public CollectionMapping merge(CollectionMapping update, boolean dynamicGiven, boolean metaGiven) {
    JsonObject merged = properties.copy();
    mergeProperties(merged, update.properties, "");
    return new CollectionMapping(dynamicGiven ? update.dynamic : dynamic, metaGiven ? update.meta.copy()
      : meta.copy(), merged);
  }

  private static void mergeProperties(JsonObject target, JsonObject source, String prefix) {
    for (Map.Entry<String, Object> entry : source) {
      JsonObject incoming = (JsonObject) entry.getValue();
      JsonObject existing = target.getJsonObject(entry.getKey());
      if (existing == null) {
        target.put(entry.getKey(), incoming.copy());
        continue;
      }
      String before = typeOf(existing);
      String after = typeOf(incoming);
      if (!before.equals(after)) {
        throw KuzzleError.of("services.storage.cannot_change_mapping", prefix + entry.getKey());
      }
      JsonObject nested = existing.getJsonObject("properties", new JsonObject());
      mergeProperties(nested, incoming.getJsonObject("properties", new JsonObject()), prefix + entry.getKey() + ".");
      JsonObject result = existing.copy().mergeIn(incoming.copy());
      if (!nested.isEmpty()) {
        result.put("properties", nested);
      }
      target.put(entry.getKey(), result);
    }
  }

  private static String typeOf(JsonObject definition) {
    return definition.getString("type", "object");
  }

  public String dynamic() {
    return dynamic;
  }

  public JsonObject properties() {
    return properties.copy();
  }

  /** {@code {dynamic, _meta, properties}}, with the implicit {@code _kuzzle_info} mapping when asked. */
  public JsonObject toJson(boolean includeKuzzleMeta) {
    JsonObject props = properties.copy();
    if (includeKuzzleMeta) {
      props.put("_kuzzle_info", KUZZLE_INFO.copy());
    }
    return new JsonObject().put("dynamic", dynamic).put("_meta", meta.copy()).put("properties", props);
  }

  public static CollectionMapping fromJson(JsonObject json) {
    return new CollectionMapping(json.getString("dynamic", DEFAULT_DYNAMIC), json.getJsonObject("_meta",
      new JsonObject()), json.getJsonObject("properties", new JsonObject()));
  }
}
