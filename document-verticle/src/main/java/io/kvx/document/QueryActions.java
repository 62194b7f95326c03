package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.config.LimitsOptions;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.QueryWrites;
import io.kvx.document.storage.SearchBodies;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code document} actions that write what a query matches, {@code deleteByQuery} and {@code updateByQuery},
 * and {@code deleteFields}. Queries follow {@code lang} as searches do; more matches than
 * {@code limits.documentsWriteCount} fail with {@code services.storage.write_limit_exceeded}, writing nothing. Each
 * document written publishes its change event ({@code delete} or {@code update}) unless {@code silent}.
 */
final class QueryActions {

  private final DocumentWrites writes;
  private final LimitsOptions limits;

  QueryActions(DocumentWrites writes, LimitsOptions limits) {
    this.writes = writes;
    this.limits = limits;
  }

  /**
   * {@code {documents: [{_id, _source?, body: {}}], ids}}: {@code _source} with {@code source}; Kuzzle's items
   * carry an empty {@code body} too.
   */
  Future<JsonObject> deleteByQuery(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonObject body = queryBody(request, request.getBodyObject("query", new JsonObject()));
    boolean source = request.getBoolean("source");
    return writes.deleteByQuery(call, body, limits.documentsWriteCount(), "deleteByQuery").map(deleted -> {
      JsonArray documents = new JsonArray();
      JsonArray ids = new JsonArray();
      for (WriteResult result : deleted.written()) {
        StoredDocument before = result.before();
        JsonObject item = new JsonObject().put("_id", before.id());
        if (source) {
          item.put("_source", before.source());
        }
        documents.add(item.put("body", new JsonObject()));
        ids.add(before.id());
      }
      return new JsonObject().put("documents", documents).put("ids", ids);
    });
  }

  /**
   * {@code {successes: [{_id, _source?, _version, status}], errors: [{document: {_id, body}, status, reason}]}}:
   * {@code _source}, the whole document after the update, with {@code source}.
   */
  Future<JsonObject> updateByQuery(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonObject body = queryBody(request, request.getBodyObject("query"));
    JsonObject changes = request.getBodyObject("changes").copy();
    changes.remove("_kuzzle_info");
    boolean source = request.getBoolean("source");
    return writes.updateByQuery(call, body, changes, limits.documentsWriteCount(), "updateByQuery").map(updated -> {
      JsonArray successes = new JsonArray();
      for (WriteResult result : updated.written()) {
        JsonObject item = new JsonObject().put("_id", result.after().id());
        if (source) {
          item.put("_source", result.after().source());
        }
        successes.add(item.put("_version", result.after().version()).put("status", 200));
      }
      return new JsonObject().put("successes", successes).put("errors", errors(updated, changes));
    });
  }

  /** {@code {_id, _version}}, plus the whole document as {@code _source} with {@code source}. */
  Future<JsonObject> deleteFields(ApiCall call) {
    KuzzleRequest request = call.request();
    String id = request.getId();
    JsonArray fields = request.getBodyArray("fields");
    List<String> paths = new ArrayList<>();
    for (Object field : fields) {
      if (!(field instanceof String path)) {
        throw KuzzleError.of("api.assert.invalid_type", "body.fields", "string[]");
      }
      paths.add(path);
    }
    boolean source = request.getBoolean("source");
    return writes.deleteFields(call, id, paths, "deleteFields").map(result -> {
      JsonObject answer = new JsonObject().put("_id", id).put("_version", result.after().version());
      return source ? answer.put("_source", result.after().source()) : answer;
    });
  }

  /** A search body holding the query, in Elasticsearch's DSL, checked as a search body is. */
  static JsonObject queryBody(KuzzleRequest request, JsonObject query) {
    return SearchBodies.check(SearchActions.withLang(request, new JsonObject().put("query", query.copy())));
  }

  /** The failures of an update by query, as {@code m*} actions list theirs. */
  static JsonArray errors(QueryWrites writes, JsonObject changes) {
    JsonArray errors = new JsonArray();
    for (QueryWrites.Failure failure : writes.failed()) {
      errors.add(new JsonObject().put("document", new JsonObject().put("_id", failure.id()).put("body", changes))
        .put("status", failure.error().status()).put("reason", failure.error().getMessage()));
    }
    return errors;
  }
}
