package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.config.LimitsOptions;
import io.kvx.core.config.Units;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.SearchBodies;
import io.kvx.document.storage.SearchResult;
import io.kvx.document.storage.StorageEngine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The {@code search}, {@code count} and {@code scroll} actions of the {@code document} controller (Kuzzle API,
 * document:search). The body is an Elasticsearch search body, checked by {@link SearchBodies}; over HTTP GET it
 * comes as the {@code searchBody} JSON string argument. The {@code from} and {@code size} arguments (0 and 10 by
 * default) replace the body's, and {@code size - from} may not pass {@code limits.documentsFetchCount}.
 */
final class SearchActions {

  private final StorageEngine engine;
  private final LimitsOptions limits;
  private final ScrollOptions scrolls;

  SearchActions(StorageEngine engine, LimitsOptions limits, ScrollOptions scrolls) {
    this.engine = engine;
    this.limits = limits;
    this.scrolls = scrolls;
  }

  /** {@code {hits: [{_id, _score, _source, collection, index}], total}}, plus {@code scrollId, remaining}. */
  Future<JsonObject> search(ApiCall call) {
    KuzzleRequest request = call.request();
    if (request.has("targets")) {
      // Limitation: multi-collection searches (targets) are not served; one search per collection is needed.
      throw KuzzleError.of("api.assert.invalid_argument", "targets", "index and collection arguments (searches on "
        + "several collections are not supported yet)");
    }
    String index = request.getIndex();
    String collection = request.getCollection();
    JsonObject body = SearchBodies.check(withLang(request, searchBody(request).copy()));
    long scroll = request.has("scroll") ? scrollMillis(request) : 0;
    return engine.search(index, collection, withPage(request, body, limits), scroll).map(SearchActions::answer);
  }

  /**
   * The body with the request's {@code from} and {@code size} (0 and 10 by default); {@code size - from} may not
   * pass {@code limits.documentsFetchCount}.
   */
  static JsonObject withPage(KuzzleRequest request, JsonObject body, LimitsOptions limits) {
    long from = request.getInteger("from", 0);
    long size = request.getInteger("size", 10);
    if (from < 0 || size < 0) {
      throw KuzzleError.of("api.assert.invalid_argument", from < 0 ? "from" : "size", "a positive integer");
    }
    if (size - from > limits.documentsFetchCount()) {
      throw KuzzleError.of("services.storage.get_limit_exceeded");
    }
    return body.put("from", from).put("size", size);
  }

  /** {@code {count}}. */
  Future<JsonObject> count(ApiCall call) {
    KuzzleRequest request = call.request();
    String index = request.getIndex();
    String collection = request.getCollection();
    JsonObject body = SearchBodies.check(withLang(request, searchBody(request).copy()));
    return engine.count(index, collection, body).map(count -> new JsonObject().put("count", count));
  }

  /** {@code {hits, remaining, scrollId, total}}: the next page of a search made with {@code scroll}. */
  Future<JsonObject> scroll(ApiCall call) {
    KuzzleRequest request = call.request();
    String scrollId = request.getString("scrollId");
    long scroll = request.has("scroll") ? scrollMillis(request) : scrolls.scrollTtlMillis();
    return engine.scroll(scrollId, scroll).map(SearchActions::answer);
  }

  private static JsonObject searchBody(KuzzleRequest request) {
    if (request.rawBody() == null && request.has("searchBody")) {
      return request.getObject("searchBody");
    }
    return request.getBody(new JsonObject());
  }

  /**
   * The body with its {@code query} in Elasticsearch's DSL: with {@code lang=koncorde}, the query is a Koncorde
   * filter, translated by {@link KoncordeQueries}.
   */
  static JsonObject withLang(KuzzleRequest request, JsonObject body) {
    String lang = request.getString("lang", "elasticsearch");
    if (lang.equals("koncorde")) {
      Object filter = body.getValue("query");
      body.put("query", KoncordeQueries.toElasticsearch(filter == null ? new JsonObject() : filter));
    } else if (!lang.equals("elasticsearch")) {
      throw KuzzleError.of("api.assert.invalid_argument", "lang", "\"elasticsearch\" or \"koncorde\"");
    }
    return body;
  }

  /** The {@code scroll} argument: a duration such as {@code "30s"}, at most {@code maxScrollDuration}. */
  private long scrollMillis(KuzzleRequest request) {
    return scrollMillis(request.getString("scroll"), scrolls);
  }

  /** A requested scroll duration such as {@code "30s"}, at most {@code maxScrollDuration}. */
  static long scrollMillis(String scroll, ScrollOptions scrolls) {
    long millis;
    try {
      millis = Units.millis(scroll);
    } catch (IllegalArgumentException e) {
      throw KuzzleError.of("api.assert.invalid_argument", "scroll", "a duration such as \"30s\"");
    }
    if (millis <= 0) {
      throw KuzzleError.of("api.assert.invalid_argument", "scroll", "a duration such as \"30s\"");
    }
    if (millis > scrolls.maxScrollDurationMillis()) {
      throw KuzzleError.of("services.storage.scroll_duration_too_great", scroll);
    }
    return millis;
  }

  private static JsonObject answer(SearchResult result) {
    JsonArray hits = new JsonArray();
    for (SearchResult.Hit hit : result.hits()) {
      JsonObject answer = new JsonObject().put("_id", hit.id()).put("_score", hit.score());
      if (hit.source() != null) {
        answer.put("_source", hit.source());
      }
      answer.put("collection", hit.collection());
      if (hit.highlight() != null) {
        answer.put("highlight", hit.highlight());
      }
      hits.add(answer.put("index", hit.index()));
    }
    JsonObject answer = new JsonObject();
    if (result.aggregations() != null) {
      answer.put("aggregations", result.aggregations());
    }
    answer.put("hits", hits);
    if (result.scrollId() != null) {
      answer.put("remaining", result.remaining()).put("scrollId", result.scrollId());
    }
    return answer.put("total", result.total());
  }
}
