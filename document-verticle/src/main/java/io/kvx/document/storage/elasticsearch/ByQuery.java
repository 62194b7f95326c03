package io.kvx.document.storage.elasticsearch;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.QueryWrites;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletions and updates by query, made as Kuzzle makes them, so that each written document is answered and notified
 * as it was: the collection is refreshed (the query then sees every acknowledged write), the matching documents are
 * read with their sequence numbers through a scroll, and written by {@code _bulk} on the condition that they did
 * not change since. The limit is checked on the exact total before anything is written.
 */
final class ByQuery {

  /** Documents per scroll page and per {@code _bulk} request. */
  private static final int PAGE = 500;

  private final Indices indices;

  ByQuery(Indices indices) {
    this.indices = indices;
  }

  Future<QueryWrites> delete(String index, String collection, JsonObject body, long limit, boolean refresh) {
    return matching(index, collection, body, limit).compose(found -> bulk(index, collection, found, null, refresh));
  }

  Future<QueryWrites> update(String index, String collection, JsonObject body, JsonObject changes, long limit,
      boolean refresh) {
    return matching(index, collection, body, limit)
      .compose(found -> bulk(index, collection, found, changes, refresh));
  }

  /** Every matching document; {@code write_limit_exceeded} if there are more than {@code limit}. */
  private Future<List<Versioned>> matching(String index, String collection, JsonObject body, long limit) {
    String name = Names.segment(indices.names().index(index, collection));
    JsonObject request = Searches.withQuery(new JsonObject().put("query", body.getValue("query")))
      .put("size", PAGE).put("sort", new JsonArray().add("_doc")).put("track_total_hits", true)
      .put("version", true).put("seq_no_primary_term", true);
    return indices.checked(indices.rest().json(HttpMethod.POST, '/' + name + "/_refresh", null), index, collection)
      .compose(refreshed -> indices.checked(indices.rest().json(HttpMethod.POST, '/' + name + "/_search?scroll=1m",
        request), index, collection))
      .compose(reply -> {
        JsonObject answer = reply.json();
        long total = answer.getJsonObject("hits").getJsonObject("total").getLong("value");
        if (total > limit) {
          return clear(answer).compose(cleared -> Future.failedFuture(
            KuzzleError.of("services.storage.write_limit_exceeded")));
        }
        return collect(answer, new ArrayList<>(), total);
      });
  }

  private Future<List<Versioned>> collect(JsonObject answer, List<Versioned> found, long total) {
    JsonArray hits = answer.getJsonObject("hits").getJsonArray("hits");
    hits.forEach(hit -> found.add(Versioned.of((JsonObject) hit)));
    if (hits.isEmpty() || found.size() >= total) {
      return clear(answer).map(found);
    }
    JsonObject next = new JsonObject().put("scroll", "1m").put("scroll_id", answer.getString("_scroll_id"));
    return indices.rest().json(HttpMethod.POST, "/_search/scroll", next).compose(reply -> reply.ok()
      ? collect(reply.json(), found, total) : Future.failedFuture(EsErrors.of(reply, null, null)));
  }

  private Future<Void> clear(JsonObject answer) {
    String id = answer.getString("_scroll_id");
    return id == null ? Future.succeededFuture() : indices.rest().json(HttpMethod.DELETE, "/_search/scroll",
      new JsonObject().put("scroll_id", new JsonArray().add(id))).<Void>mapEmpty()
      .recover(failure -> Future.succeededFuture());
  }

  /** Deletes ({@code changes == null}) or updates the documents, {@value #PAGE} per request, one request at a time. */
  private Future<QueryWrites> bulk(String index, String collection, List<Versioned> documents, JsonObject changes,
      boolean refresh) {
    QueryWrites writes = new QueryWrites(new ArrayList<>(), new ArrayList<>());
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < documents.size(); from += PAGE) {
      List<Versioned> slice = documents.subList(from, Math.min(documents.size(), from + PAGE));
      chain = chain.compose(done -> bulkPage(index, collection, slice, changes, refresh, writes));
    }
    return chain.map(writes);
  }

  private Future<Void> bulkPage(String index, String collection, List<Versioned> slice, JsonObject changes,
      boolean refresh, QueryWrites writes) {
    Buffer lines = Buffer.buffer();
    List<JsonObject> sources = new ArrayList<>();
    for (Versioned document : slice) {
      JsonObject action = new JsonObject().put("_id", document.document().id()).put("if_seq_no", document.seqNo())
        .put("if_primary_term", document.primaryTerm());
      if (changes == null) {
        lines.appendString(new JsonObject().put("delete", action.put("_index", indices.names().index(index,
          collection))).encode()).appendString("\n");
      } else {
        JsonObject source = Documents.merge(document.document().source().copy(), changes);
        sources.add(source);
        lines.appendString(new JsonObject().put("index", action.put("_index", indices.names().alias(index,
          collection))).encode()).appendString("\n").appendString(source.encode()).appendString("\n");
      }
    }
    String path = "/_bulk?" + (changes == null ? "" : "require_alias=true&") + Indices.refresh(refresh);
    return indices.rest().bulk(path, lines).compose(reply -> {
      if (!reply.ok()) {
        return indices.fail(reply, index, collection);
      }
      JsonArray items = reply.json().getJsonArray("items");
      for (int i = 0; i < items.size(); i++) {
        JsonObject item = items.getJsonObject(i).getJsonObject(changes == null ? "delete" : "index");
        record(item, slice.get(i).document(), changes == null ? null : sources.get(i), writes, index, collection);
      }
      return Future.succeededFuture();
    });
  }

  private static void record(JsonObject item, StoredDocument before, JsonObject source, QueryWrites writes,
      String index, String collection) {
    int status = item.getInteger("status");
    if (status >= 200 && status < 300) {
      writes.written().add(new WriteResult(before, source == null ? null
        : new StoredDocument(before.id(), item.getLong("_version"), source)));
    } else if (status == 409 || status == 404) {
      // Limitation: a document written or deleted by someone else between the search and the bulk is left as it
      // is and reported as failed; re-reading it and testing the query again would write it too.
      writes.failed().add(new QueryWrites.Failure(before.id(), Versioned.tooManyChanges(before.id())));
    } else {
      writes.failed().add(new QueryWrites.Failure(before.id(), EsErrors.of(status, item.getJsonObject("error"),
        index, collection)));
    }
  }
}
