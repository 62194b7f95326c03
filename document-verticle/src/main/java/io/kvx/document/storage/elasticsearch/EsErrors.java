package io.kvx.document.storage.elasticsearch;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Elasticsearch's error answers as the catalogued errors Kuzzle gives for them: an unknown query keyword, a strict
 * mapping rejection, an expired scroll, any other 400 as {@code unexpected_bad_request} and the rest as
 * {@code unexpected_error}. Missing indices and version conflicts depend on the action: callers test them first.
 */
final class EsErrors {

  private static final Pattern UNKNOWN_QUERY = Pattern.compile(
    "(?:unknown query \\[|no \\[query\\] registered for \\[)([^\\]]+)\\]");
  private static final Pattern STRICT_FIELD = Pattern.compile("dynamic introduction of \\[([^\\]]+)\\]");

  private EsErrors() {
  }

  static KuzzleError of(Reply reply, String index, String collection) {
    JsonObject error = reply.body() != null && reply.body().length() > 0 && reply.body().getByte(0) == '{'
      ? reply.json().getJsonObject("error") : null;
    return of(reply.status(), error, index, collection);
  }

  /** The error of a failed request, or of one item of a {@code _bulk} request. */
  static KuzzleError of(int status, JsonObject error, String index, String collection) {
    String type = error == null ? "" : error.getString("type", "");
    String reason = reason(error);
    Matcher unknown = UNKNOWN_QUERY.matcher(reason);
    if (unknown.find()) {
      return KuzzleError.of("services.storage.unknown_query_keyword", unknown.group(1));
    }
    if (type.equals("strict_dynamic_mapping_exception") || reason.contains("mapping set to strict")) {
      Matcher field = STRICT_FIELD.matcher(reason);
      return KuzzleError.of("services.storage.strict_mapping_rejection", field.find() ? field.group(1) : "?",
        index, collection);
    }
    if (type.equals("search_context_missing_exception")) {
      return KuzzleError.of("services.storage.unknown_scroll_id");
    }
    if (status == 400 || clientFault(error)) {
      return KuzzleError.withMessage("services.storage.unexpected_bad_request", reason);
    }
    if (status == 404) {
      return KuzzleError.withMessage("services.storage.unexpected_not_found", reason);
    }
    if (status == 429) {
      return KuzzleError.of("services.storage.too_many_operations", "Elasticsearch");
    }
    return KuzzleError.withMessage("services.storage.unexpected_error", type + ": " + reason);
  }

  /**
   * Whether a 5xx answer is the request's fault: Elasticsearch answers 500 for sub-aggregations under a metric and
   * 503 for a histogram with too many buckets.
   */
  private static boolean clientFault(JsonObject error) {
    String encoded = error == null ? "" : error.encode();
    return encoded.contains("\"aggregation_initialization_exception\"")
      || encoded.contains("\"too_many_buckets_exception\"");
  }

  /**
   * The most telling reason of an error: a search that failed on every shard says why in its first shard failure,
   * and wrapped errors say it in their deepest cause.
   */
  private static String reason(JsonObject error) {
    if (error == null) {
      return "";
    }
    JsonObject deepest = error;
    JsonArray failures = error.getJsonArray("failed_shards");
    if (failures != null && !failures.isEmpty() && failures.getJsonObject(0).getJsonObject("reason") != null) {
      deepest = failures.getJsonObject(0).getJsonObject("reason");
    }
    StringBuilder reason = new StringBuilder(deepest.getString("reason", deepest.getString("type", "")));
    while (deepest.getJsonObject("caused_by") != null) {
      deepest = deepest.getJsonObject("caused_by");
      reason.append(": ").append(deepest.getString("reason", deepest.getString("type", "")));
    }
    return reason.toString();
  }
}
