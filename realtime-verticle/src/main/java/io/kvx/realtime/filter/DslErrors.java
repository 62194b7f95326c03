package io.kvx.realtime.filter;

import io.kvx.core.error.KuzzleError;

import java.util.List;
import java.util.Map;

/**
 * Koncorde-like validation errors ({@code "<path>": <reason>}, 400 {@code api.assert.koncorde_dsl_error}) and the
 * shape checks the keyword parsers share. A path is the chain of keywords and fields leading to the faulty part,
 * without array positions, as Koncorde reports it.
 */
final class DslErrors {

  static final String ID = "api.assert.koncorde_dsl_error";

  private DslErrors() {
  }

  static KuzzleError error(String path, String reason) {
    return KuzzleError.of(ID, path == null ? reason : "\"" + path + "\": " + reason);
  }

  static String path(String parent, String leaf) {
    return parent == null ? leaf : parent + "." + leaf;
  }

  static Map<String, Object> object(Object value, String path) {
    Map<String, Object> map = Values.asMap(value);
    if (map == null) {
      throw error(path, "must be an object");
    }
    return map;
  }

  static Map<String, Object> objectWith(Object value, String path, int properties) {
    Map<String, Object> map = object(value, path);
    if (map.size() != properties) {
      throw error(path, "expected object to have exactly " + properties + " propert"
        + (properties > 1 ? "ies" : "y") + ", got " + map.size());
    }
    return map;
  }

  static Map<String, Object> nonEmptyObject(Object value, String path) {
    Map<String, Object> map = object(value, path);
    if (map.isEmpty()) {
      throw error(path, "must be a non-empty object");
    }
    return map;
  }

  static void require(Map<String, Object> map, String property, String path) {
    if (!map.containsKey(property)) {
      throw error(path, "the property \"" + property + "\" is missing");
    }
  }

  static void allow(Map<String, Object> map, List<String> allowed, String path) {
    for (String key : map.keySet()) {
      if (!allowed.contains(key)) {
        throw error(path, "\"" + key + "\" is not an allowed attribute (allowed: " + String.join(",", allowed) + ")");
      }
    }
  }

  static String string(Object value, String path) {
    if (!(value instanceof String)) {
      throw error(path, "must be a string");
    }
    if (((String) value).isEmpty()) {
      throw error(path, "cannot be empty");
    }
    return (String) value;
  }

  static List<Object> nonEmptyArray(Object value, String path) {
    List<Object> list = Values.asList(value);
    if (list == null) {
      throw error(path, "must be an array");
    }
    if (list.isEmpty()) {
      throw error(path, "cannot be empty");
    }
    return list;
  }

  static List<Object> stringArray(Object value, String path) {
    List<Object> list = nonEmptyArray(value, path);
    if (!list.stream().allMatch(String.class::isInstance)) {
      throw error(path, "must hold only values of type \"string\"");
    }
    return list;
  }

  static String singleField(Map<String, Object> map) {
    return map.keySet().iterator().next();
  }
}
