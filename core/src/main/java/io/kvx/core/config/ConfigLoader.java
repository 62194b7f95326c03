package io.kvx.core.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the configuration tree: a JSON or YAML file (by extension), then environment variables. A variable
 * {@code KVX_limits__concurrentRequests=50} sets {@code limits.concurrentRequests}: the prefix is stripped, {@code __}
 * separates levels, names keep their case. Kuzzle's own {@code kuzzle_} prefix is accepted too, so that an existing
 * deployment's variables keep working. A value that parses as JSON (number, boolean, object, array) is taken as such,
 * anything else as a string.
 */
public final class ConfigLoader {

  public static final String ENV_PREFIX = "KVX_";
  public static final String KUZZLE_ENV_PREFIX = "kuzzle_";
  /** Variables of the launcher itself, not configuration keys. */
  private static final Set<String> LAUNCHER_VARIABLES = Set.of("KVX_CONFIG", "KVX_LOG_LEVEL");

  private ConfigLoader() {
  }

  /** Reads {@code file} (may be {@code null}) and applies the overrides found in {@code env}. */
  public static JsonObject load(Path file, Map<String, String> env) throws IOException {
    JsonObject config = file == null ? new JsonObject() : read(file);
    applyEnvironment(config, env);
    return config;
  }

  static JsonObject read(Path file) throws IOException {
    String text = Files.readString(file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      try {
        return Yaml.read(text);
      } catch (IllegalArgumentException e) {
        throw new IOException("Invalid YAML in " + file + ": " + e.getMessage(), e);
      }
    }
    try {
      return new JsonObject(text.isBlank() ? "{}" : text);
    } catch (DecodeException e) {
      throw new IOException("Invalid JSON in " + file + ": " + e.getMessage(), e);
    }
  }

  /** Applies the {@code KVX_} and {@code kuzzle_} variables of {@code env} to {@code config}, in name order. */
  public static void applyEnvironment(JsonObject config, Map<String, String> env) {
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String key = e.getKey();
      if (LAUNCHER_VARIABLES.contains(key)) {
        continue;
      }
      String path = key.startsWith(ENV_PREFIX) ? key.substring(ENV_PREFIX.length())
        : key.startsWith(KUZZLE_ENV_PREFIX) ? key.substring(KUZZLE_ENV_PREFIX.length()) : null;
      if (path != null && !path.isEmpty()) {
        set(config, path.split("__"), parse(e.getValue()));
      }
    }
  }

  private static void set(JsonObject config, String[] path, Object value) {
    JsonObject node = config;
    for (int i = 0; i < path.length - 1; i++) {
      Object child = node.getValue(path[i]);
      if (!(child instanceof JsonObject)) {
        child = new JsonObject();
        node.put(path[i], child);
      }
      node = (JsonObject) child;
    }
    node.put(path[path.length - 1], value);
  }

  private static Object parse(String raw) {
    try {
      return Json.decodeValue(raw);
    } catch (DecodeException e) {
      return raw;
    }
  }

  /** {@code overrides} deep-merged over {@code defaults}, in a new tree; neither argument changes. */
  public static JsonObject merge(JsonObject defaults, JsonObject overrides) {
    JsonObject merged = defaults.copy();
    for (Map.Entry<String, Object> e : overrides) {
      Object base = merged.getValue(e.getKey());
      if (base instanceof JsonObject b && e.getValue() instanceof JsonObject o) {
        merged.put(e.getKey(), merge(b, o));
      } else {
        merged.put(e.getKey(), e.getValue() instanceof JsonObject o ? o.copy() : e.getValue());
      }
    }
    return merged;
  }

  /** The object at {@code path} in {@code config}, or an empty object. */
  public static JsonObject section(JsonObject config, String... path) {
    JsonObject node = config;
    for (String key : path) {
      Object child = node.getValue(key);
      if (!(child instanceof JsonObject)) {
        return new JsonObject();
      }
      node = (JsonObject) child;
    }
    return node;
  }
}
