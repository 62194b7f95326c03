package io.kvx.security;

import io.kvx.core.bus.Addresses;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The security verticle's storage: collections of KVX's internal index, reached through the document verticle
 * ({@link Addresses#INTERNAL_STORAGE}), so that security runs on any node of a cluster whatever engine stores the
 * data.
 */
final class InternalData {

  static final String USERS = "users";
  static final String PROFILES = "profiles";
  static final String ROLES = "roles";
  static final String CREDENTIALS = "credentials-local";
  static final String API_KEYS = "api-keys";
  static final String CONFIG = "config";

  /** The page size used to read whole collections. */
  private static final int PAGE = 1000;

  private final EventBus bus;
  private final Runnable changed;

  InternalData(EventBus bus) {
    this(bus, () -> { });
  }

  /** {@code changed} runs after each write that succeeded (documents written, deleted or truncated). */
  InternalData(EventBus bus, Runnable changed) {
    this.bus = bus;
    this.changed = changed;
  }

  /** A document's {@code _source}, or {@code null} if it does not exist. */
  Future<JsonObject> get(String collection, String id) {
    return call(new JsonObject().put("action", "get").put("collection", collection).put("_id", id))
      .map(found -> found.getJsonObject("_source"))
      .recover(failure -> failure instanceof KuzzleError error && "services.storage.not_found".equals(error.id())
        ? Future.succeededFuture(null) : Future.failedFuture(failure));
  }

  /**
   * Writes a document: {@code create} fails with {@code services.storage.document_already_exists} if the id is
   * taken. Answers {@code {_id, _version, created}}.
   */
  Future<JsonObject> put(String collection, String id, JsonObject source, boolean create) {
    return call(new JsonObject().put("action", create ? "create" : "createOrReplace").put("collection", collection)
      .put("_id", id).put("body", source)).onSuccess(written -> changed.run());
  }

  /** Deletes a document; false if it did not exist. */
  Future<Boolean> delete(String collection, String id) {
    return call(new JsonObject().put("action", "delete").put("collection", collection).put("_id", id))
      .onSuccess(deleted -> changed.run())
      .map(true)
      .recover(failure -> failure instanceof KuzzleError error && "services.storage.not_found".equals(error.id())
        ? Future.succeededFuture(false) : Future.failedFuture(failure));
  }

  /** One page of a search: {@code {hits: [{_id, _version, _source}], total}}. */
  Future<JsonObject> search(String collection, JsonObject body, int from, int size) {
    return call(new JsonObject().put("action", "search").put("collection", collection)
      .put("body", body == null ? new JsonObject() : body).put("from", from).put("size", size));
  }

  /**
   * The first page of a search kept open {@code scrollMillis} for {@link #scroll}: {@code {hits, total, scrollId,
   * remaining}}.
   */
  Future<JsonObject> search(String collection, JsonObject body, int from, int size, long scrollMillis) {
    return call(new JsonObject().put("action", "search").put("collection", collection)
      .put("body", body == null ? new JsonObject() : body).put("from", from).put("size", size)
      .put("scroll", scrollMillis));
  }

  /** The next page of a scrolled search of {@code collection}. */
  Future<JsonObject> scroll(String collection, String scrollId, long scrollMillis) {
    return call(new JsonObject().put("action", "scroll").put("collection", collection).put("scrollId", scrollId)
      .put("scroll", scrollMillis));
  }

  /** {@code {mapping: <properties>}} of a collection. */
  Future<JsonObject> mapping(String collection) {
    return call(new JsonObject().put("action", "getMapping").put("collection", collection));
  }

  /** Merges {@code {properties}} into a collection's mapping; answers the mapping as {@link #mapping} does. */
  Future<JsonObject> updateMapping(String collection, JsonObject mapping) {
    return call(new JsonObject().put("action", "updateMapping").put("collection", collection).put("body", mapping));
  }

  /** Every document of a collection matching a search body ({@code null}: all), as {@code {_id, _source}}. */
  Future<List<JsonObject>> all(String collection, JsonObject body) {
    List<JsonObject> hits = new ArrayList<>();
    return page(collection, body, 0, hits).map(hits);
  }

  private Future<Void> page(String collection, JsonObject body, int from, List<JsonObject> hits) {
    return search(collection, body, from, PAGE).compose(page -> {
      JsonArray found = page.getJsonArray("hits");
      found.forEach(hit -> hits.add((JsonObject) hit));
      return found.size() < PAGE || hits.size() >= page.getLong("total") ? Future.succeededFuture()
        : page(collection, body, from + found.size(), hits);
    });
  }

  /** Removes every document of a collection. */
  Future<Void> truncate(String collection) {
    return call(new JsonObject().put("action", "truncate").put("collection", collection))
      .onSuccess(truncated -> changed.run())
      .mapEmpty();
  }

  private Future<JsonObject> call(JsonObject message) {
    return bus.<JsonObject>request(Addresses.INTERNAL_STORAGE, message)
      .transform(done -> done.succeeded() ? Future.succeededFuture(done.result().body())
        : Future.failedFuture(KuzzleError.fromFailure(done.cause())));
  }
}
