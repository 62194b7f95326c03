package io.kvx.document.storage;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;

/**
 * The checks Kuzzle makes on a search body before any engine sees it (Kuzzle API, document:search): only
 * whitelisted top-level keys ({@code services.storage.invalid_search_query}), and no inline script anywhere, only
 * stored ones given by {@code id} and {@code params} ({@code services.storage.invalid_query_keyword}). Every engine
 * gets bodies checked here, so that they refuse the same bodies.
 */
public final class SearchBodies {

  /** Top-level keys Kuzzle lets through to Elasticsearch. */
  public static final Set<String> TOP_LEVEL_KEYS = Set.of("aggregations", "aggs", "collapse", "explain", "fields",
    "from", "highlight", "post_filter", "query", "search_after", "search_timeout", "size", "sort", "suggest", "_name",
    "_source", "_source_excludes", "_source_includes");
  private static final Set<String> SCRIPT_KEYS = Set.of("script", "_script");
  private static final Set<String> SCRIPT_ARGUMENTS = Set.of("id", "params");

  private SearchBodies() {
  }

  /** Throws the catalogued error of the first fault of {@code body}; returns the body otherwise. */
  public static JsonObject check(JsonObject body) {
    for (String key : body.fieldNames()) {
      if (!TOP_LEVEL_KEYS.contains(key)) {
        throw KuzzleError.of("services.storage.invalid_search_query", key);
      }
    }
    checkScripts(body);
    return body;
  }

  private static void checkScripts(Object value) {
    if (value instanceof JsonArray array) {
      array.forEach(SearchBodies::checkScripts);
    } else if (value instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        if (SCRIPT_KEYS.contains(entry.getKey())) {
          checkScript(entry.getKey(), entry.getValue());
        } else {
          checkScripts(entry.getValue());
        }
      }
    }
  }

  private static void checkScript(String key, Object script) {
    if (!(script instanceof JsonObject object)) {
      throw KuzzleError.of("services.storage.invalid_query_keyword", key);
    }
    for (String argument : object.fieldNames()) {
      if (!SCRIPT_ARGUMENTS.contains(argument)) {
        throw KuzzleError.of("services.storage.invalid_query_keyword", key + "." + argument);
      }
    }
  }
}
