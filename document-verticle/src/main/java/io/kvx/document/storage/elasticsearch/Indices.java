package io.kvx.document.storage.elasticsearch;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** What the engine's parts share: the REST client, the naming scheme, and how failed answers become errors. */
final class Indices {

  private final Rest rest;
  private final Names names;

  Indices(Rest rest, Names names) {
    this.rest = rest;
    this.names = names;
  }

  Rest rest() {
    return rest;
  }

  Names names() {
    return names;
  }

  /** The Elasticsearch indices matching a wildcard pattern, with their document count and size in bytes. */
  Future<JsonArray> cat(String pattern) {
    return rest.get("/_cat/indices/" + Names.segment(pattern).replace("%2A", "*")
      + "?format=json&bytes=b&h=index,docs.count,store.size&expand_wildcards=open,closed")
      .compose(reply -> reply.ok() ? Future.succeededFuture(reply.array())
        : Future.failedFuture(EsErrors.of(reply, null, null)));
  }

  /** The names of the Elasticsearch indices matching a wildcard pattern. */
  Future<List<String>> list(String pattern) {
    return cat(pattern).map(rows -> {
      List<String> found = new ArrayList<>();
      rows.forEach(row -> found.add(((JsonObject) row).getString("index")));
      return found;
    });
  }

  Future<Boolean> indexExists(String index) {
    return list(names.pattern(index)).map(found -> !found.isEmpty());
  }

  /** {@code unknown_collection} if the Kuzzle index exists, {@code unknown_index} otherwise. */
  <T> Future<T> missing(String index, String collection) {
    return indexExists(index).compose(exists -> Future.failedFuture(exists
      ? KuzzleError.of("services.storage.unknown_collection", index, collection)
      : KuzzleError.of("services.storage.unknown_index", index)));
  }

  /** The answer if it is a success, else the failure it means for this collection. */
  Future<Reply> checked(Future<Reply> call, String index, String collection) {
    return call.compose(reply -> reply.ok() ? Future.succeededFuture(reply) : fail(reply, index, collection));
  }

  <T> Future<T> fail(Reply reply, String index, String collection) {
    if ("index_not_found_exception".equals(reply.errorType())) {
      return missing(index, collection);
    }
    return Future.failedFuture(EsErrors.of(reply, index, collection));
  }

  static String refresh(boolean waitForRefresh) {
    return waitForRefresh ? "refresh=wait_for" : "refresh=false";
  }
}
