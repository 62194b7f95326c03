package io.kvx.document.storage.elasticsearch;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.SearchResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Searches, counts and scrolls. The body, already checked by {@code SearchBodies}, goes to Elasticsearch as it is,
 * with exact totals and versions asked for. A scroll id given to clients carries, besides Elasticsearch's own, how
 * many hits were served and when the scroll expires ({@code <served>.<expiresAt>.<id>}): the engine keeps no state, so
 * that any node of a KVX cluster can serve the next page, and a scroll ends at its duration even though
 * Elasticsearch only reaps expired scrolls once a minute.
 */
final class Searches {

  private final Indices indices;

  Searches(Indices indices) {
    this.indices = indices;
  }

  Future<SearchResult> search(String index, String collection, JsonObject body, long scrollMillis) {
    JsonObject request = withQuery(body).put("track_total_hits", true).put("version", true);
    String path = '/' + Names.segment(indices.names().index(index, collection)) + "/_search";
    if (scrollMillis > 0) {
      if (request.getValue("from") instanceof Number from && from.longValue() == 0) {
        request.remove("from");
      }
      path += "?scroll=" + scrollMillis + "ms";
    }
    return indices.checked(indices.rest().json(HttpMethod.POST, path, request), index, collection)
      .compose(reply -> page(reply.json(), 0, scrollMillis));
  }

  Future<Long> count(String index, String collection, JsonObject body) {
    JsonObject query = withQuery(body);
    JsonObject request = query.containsKey("query") ? new JsonObject().put("query", query.getValue("query"))
      : new JsonObject();
    String path = '/' + Names.segment(indices.names().index(index, collection)) + "/_count";
    return indices.checked(indices.rest().json(HttpMethod.POST, path, request), index, collection)
      .map(reply -> reply.json().getLong("count"));
  }

  Future<SearchResult> scroll(String scrollId, long scrollMillis) {
    String[] parts = scrollId == null ? new String[0] : scrollId.split("\\.", 3);
    if (parts.length != 3 || !parts[0].matches("\\d{1,18}") || !parts[1].matches("\\d{1,18}")) {
      return Future.failedFuture(KuzzleError.of("services.storage.unknown_scroll_id"));
    }
    String id = parts[2];
    if (System.currentTimeMillis() > Long.parseLong(parts[1])) {
      return clear(id).compose(cleared -> Future.failedFuture(KuzzleError.of("services.storage.unknown_scroll_id")));
    }
    JsonObject request = new JsonObject().put("scroll", scrollMillis + "ms").put("scroll_id", id);
    return indices.rest().json(HttpMethod.POST, "/_search/scroll", request).compose(reply -> {
      if (!reply.ok()) {
        boolean gone = reply.status() == 404 || reply.status() == 400 && reply.errorType().equals(
          "illegal_argument_exception");
        return Future.failedFuture(gone ? KuzzleError.of("services.storage.unknown_scroll_id")
          : EsErrors.of(reply, null, null));
      }
      return page(reply.json(), Long.parseLong(parts[0]), scrollMillis);
    });
  }

  /** One page of hits; the scroll is cleared once its last hit is served. */
  private Future<SearchResult> page(JsonObject answer, long servedBefore, long scrollMillis) {
    JsonObject hits = answer.getJsonObject("hits", new JsonObject());
    Object totalValue = hits.getValue("total");
    long total = totalValue instanceof JsonObject object ? object.getLong("value", 0L)
      : totalValue instanceof Number number ? number.longValue() : 0;
    List<SearchResult.Hit> page = new ArrayList<>();
    hits.getJsonArray("hits", new JsonArray()).forEach(hit -> page.add(hit((JsonObject) hit)));
    JsonObject aggregations = servedBefore == 0 ? answer.getJsonObject("aggregations") : null;
    String esScroll = answer.getString("_scroll_id");
    if (scrollMillis <= 0 || esScroll == null) {
      return Future.succeededFuture(new SearchResult(page, total, null, null, aggregations));
    }
    long served = servedBefore + page.size();
    long remaining = Math.max(0, total - served);
    String scrollId = served + "." + (System.currentTimeMillis() + scrollMillis) + "." + esScroll;
    SearchResult result = new SearchResult(page, total, scrollId, remaining, aggregations);
    return remaining == 0 ? clear(esScroll).map(result) : Future.succeededFuture(result);
  }

  private SearchResult.Hit hit(JsonObject hit) {
    String[] names = indices.names().parse(hit.getString("_index"));
    Object score = hit.getValue("_score");
    Object version = hit.getValue("_version");
    return new SearchResult.Hit(names == null ? null : names[0], names == null ? null : names[1],
      hit.getString("_id"), score instanceof Number n ? n.floatValue() : null, hit.getJsonObject("_source"),
      version instanceof Number n ? n.longValue() : 1, hit.getJsonArray("sort"), hit.getJsonObject("highlight"));
  }

  /** Frees a scroll's search context; a scroll that is already gone is fine. */
  private Future<Void> clear(String esScroll) {
    return indices.rest().json(HttpMethod.DELETE, "/_search/scroll", new JsonObject().put("scroll_id",
      new JsonArray().add(esScroll))).<Void>mapEmpty().recover(failure -> Future.succeededFuture());
  }

  /** The body without an empty {@code query}, which Elasticsearch refuses and Kuzzle reads as match_all. */
  static JsonObject withQuery(JsonObject body) {
    JsonObject copy = body.copy();
    Object query = copy.getValue("query");
    if (query == null || query instanceof JsonObject object && object.isEmpty()) {
      copy.remove("query");
    }
    return copy;
  }
}
