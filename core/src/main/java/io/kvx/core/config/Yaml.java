package io.kvx.core.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** YAML to and from Vert.x JSON, for configuration files and documents served as YAML. Safe loading only. */
public final class Yaml {

  private Yaml() {
  }

  /**
   * The JSON object a YAML document holds; an empty document is an empty object.
   *
   * @throws IllegalArgumentException when the text is not YAML or its root is not a mapping
   */
  public static JsonObject read(String text) {
    Object tree;
    try {
      tree = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new IllegalArgumentException("Invalid YAML: " + e.getMessage(), e);
    }
    if (tree == null) {
      return new JsonObject();
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("The YAML document must be a mapping");
    }
    return new JsonObject(toJsonMap(map));
  }

  /** {@code document} as block-style YAML. */
  public static String write(JsonObject document) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndicatorIndent(0);
    options.setWidth(120);
    org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new Representer(options), options);
    return yaml.dump(toPlain(document));
  }

  private static Map<String, Object> toJsonMap(Map<?, ?> map) {
    Map<String, Object> json = new LinkedHashMap<>();
    map.forEach((key, value) -> json.put(String.valueOf(key), toJsonValue(value)));
    return json;
  }

  private static Object toJsonValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      return new JsonObject(toJsonMap(map));
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(item -> array.add(toJsonValue(item)));
      return array;
    }
    if (value instanceof java.util.Date date) {
      return date.toInstant().toString();
    }
    return value;
  }

  private static Object toPlain(Object value) {
    if (value instanceof JsonObject object) {
      Map<String, Object> map = new LinkedHashMap<>();
      object.forEach(entry -> map.put(entry.getKey(), toPlain(entry.getValue())));
      return map;
    }
    if (value instanceof JsonArray array) {
      List<Object> list = new ArrayList<>();
      array.forEach(item -> list.add(toPlain(item)));
      return list;
    }
    if (value instanceof Map<?, ?> map) {
      return toPlain(new JsonObject(toJsonMap(map)));
    }
    if (value instanceof List<?> list) {
      return toPlain(new JsonArray(new ArrayList<>(list)));
    }
    return value;
  }
}
