package io.kvx.document.storage.embedded;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code _source} filtering of a search body: {@code _source: false}, a path or list of paths to include,
 * {@code {includes, excludes}}, or the {@code _source_includes} and {@code _source_excludes} keys; paths are dotted
 * and may hold {@code *} wildcards, and a path includes everything below it.
 */
final class SourceFilter {

  private final boolean none;
  private final List<Pattern> includes;
  private final List<Pattern> excludes;

  private SourceFilter(boolean none, List<Pattern> includes, List<Pattern> excludes) {
    this.none = none;
    this.includes = includes;
    this.excludes = excludes;
  }

  /** The filter of a search body, or {@code null} when it keeps sources whole. */
  static SourceFilter of(JsonObject body) {
    Object source = body.getValue("_source");
    if (Boolean.FALSE.equals(source)) {
      return new SourceFilter(true, List.of(), List.of());
    }
    List<Pattern> includes = patterns(body.getValue("_source_includes"));
    List<Pattern> excludes = patterns(body.getValue("_source_excludes"));
    if (source instanceof JsonObject object) {
      includes.addAll(patterns(object.getValue("includes", object.getValue("include"))));
      excludes.addAll(patterns(object.getValue("excludes", object.getValue("exclude"))));
    } else if (source instanceof String || source instanceof JsonArray) {
      includes.addAll(patterns(source));
    }
    return includes.isEmpty() && excludes.isEmpty() ? null : new SourceFilter(false, includes, excludes);
  }

  private static List<Pattern> patterns(Object value) {
    List<Pattern> patterns = new ArrayList<>();
    for (Object path : Values.items(value)) {
      String quoted = ("\\Q" + path + "\\E").replace("*", "\\E.*\\Q");
      patterns.add(Pattern.compile(quoted + "(\\..*)?"));
    }
    return patterns;
  }

  /** The filtered source, or {@code null} with {@code _source: false}. */
  JsonObject apply(JsonObject source) {
    return none ? null : object(source, "");
  }

  private JsonObject object(JsonObject source, String prefix) {
    JsonObject kept = new JsonObject();
    for (Map.Entry<String, Object> entry : source) {
      String path = prefix + entry.getKey();
      if (matches(excludes, path)) {
        continue;
      }
      Object value = entry.getValue();
      if (includes.isEmpty() || matches(includes, path)) {
        kept.put(entry.getKey(), excludes.isEmpty() ? value : filtered(value, path));
      } else if (value instanceof JsonObject || value instanceof JsonArray) {
        Object inner = filtered(value, path);
        if (inner instanceof JsonObject o && !o.isEmpty() || inner instanceof JsonArray a && !a.isEmpty()) {
          kept.put(entry.getKey(), inner);
        }
      }
    }
    return kept;
  }

  private Object filtered(Object value, String path) {
    if (value instanceof JsonObject object) {
      return object(object, path + ".");
    }
    if (value instanceof JsonArray array) {
      JsonArray kept = new JsonArray();
      for (Object item : array) {
        if (item instanceof JsonObject object) {
          JsonObject inner = object(object, path + ".");
          if (!inner.isEmpty()) {
            kept.add(inner);
          }
        } else if (includes.isEmpty() || matches(includes, path)) {
          kept.add(item);
        }
      }
      return kept;
    }
    return value;
  }

  private static boolean matches(List<Pattern> patterns, String path) {
    for (Pattern pattern : patterns) {
      if (pattern.matcher(path).matches()) {
        return true;
      }
    }
    return false;
  }
}
