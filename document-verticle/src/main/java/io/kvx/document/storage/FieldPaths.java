package io.kvx.document.storage;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Field paths written the way lodash reads them, as {@code document:deleteFields} takes them: dots between keys
 * ({@code a.b}), brackets around array positions or quoted keys ({@code a[0].b}, {@code a["x.y"]}).
 */
public final class FieldPaths {

  private FieldPaths() {
  }

  /**
   * Removes the value at {@code path} from {@code source}, if there is one. An array item is not removed but set to
   * {@code null}, as lodash's {@code unset} leaves a hole that JSON writes as {@code null}.
   */
  public static void unset(JsonObject source, String path) {
    List<String> keys = parse(path);
    Object parent = source;
    for (int i = 0; i < keys.size() - 1 && parent != null; i++) {
      parent = child(parent, keys.get(i));
    }
    String last = keys.get(keys.size() - 1);
    if (parent instanceof JsonObject object) {
      object.remove(last);
    } else if (parent instanceof JsonArray array && position(last) >= 0 && position(last) < array.size()) {
      array.set(position(last), null);
    }
  }

  private static Object child(Object parent, String key) {
    if (parent instanceof JsonObject object) {
      return object.getValue(key);
    }
    if (parent instanceof JsonArray array && position(key) >= 0 && position(key) < array.size()) {
      return array.getValue(position(key));
    }
    return null;
  }

  private static int position(String key) {
    return key.matches("\\d{1,9}") ? Integer.parseInt(key) : -1;
  }

  /** The keys of a path; {@code api.assert.invalid_argument} for an empty key or an unclosed bracket. */
  static List<String> parse(String path) {
    List<String> keys = new ArrayList<>();
    StringBuilder key = new StringBuilder();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        keys.add(key.toString());
        key.setLength(0);
        i++;
      } else if (c == '[') {
        int end = path.indexOf(']', i);
        if (end < 0) {
          throw invalid(path);
        }
        if (!key.isEmpty()) {
          keys.add(key.toString());
          key.setLength(0);
        }
        keys.add(unquote(path.substring(i + 1, end)));
        i = end + 1;
        if (i < path.length() && path.charAt(i) == '.') {
          i++;
        }
      } else {
        key.append(c);
        i++;
      }
    }
    if (!key.isEmpty() || keys.isEmpty()) {
      keys.add(key.toString());
    }
    if (keys.stream().anyMatch(String::isEmpty)) {
      throw invalid(path);
    }
    return keys;
  }

  private static String unquote(String key) {
    boolean quoted = key.length() >= 2 && (key.startsWith("\"") && key.endsWith("\"")
      || key.startsWith("'") && key.endsWith("'"));
    return quoted ? key.substring(1, key.length() - 1) : key;
  }

  private static KuzzleError invalid(String path) {
    return KuzzleError.of("api.assert.invalid_argument", "body.fields", "field paths such as \"a.b\" or \"a[0]\" ("
      + path + ")");
  }
}
