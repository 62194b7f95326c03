package io.kvx.document;

import io.kvx.core.bus.Addresses;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.SearchResult;
import io.kvx.document.storage.StorageEngine;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteMode;
import io.kvx.document.validation.Specifications;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves {@link Addresses#INTERNAL_STORAGE}: KVX's own data in collections of the index {@value #INDEX}, a name the
 * public API refuses ({@code %} is not allowed in index names), so that no request can read or change it. The
 * collections are created on first use, with mappings that make their identifying fields searchable.
 */
final class InternalStore {

  /** The reserved index; public listings leave out every index whose name starts with {@code %}. */
  static final String INDEX = "%kvx";

  private static final Map<String, JsonObject> MAPPINGS = Map.of(
    "users", new JsonObject().put("dynamic", "true")
      .put("properties", new JsonObject().put("profileIds", new JsonObject().put("type", "keyword"))),
    "profiles", new JsonObject().put("dynamic", "false")
      .put("properties", new JsonObject().put("policies", new JsonObject().put("properties", new JsonObject()
        .put("roleId", new JsonObject().put("type", "keyword"))))),
    "credentials-local", new JsonObject().put("dynamic", "false")
      .put("properties", new JsonObject().put("kuid", new JsonObject().put("type", "keyword"))
        .put("username", new JsonObject().put("type", "keyword"))),
    "api-keys", new JsonObject().put("dynamic", "false")
      .put("properties", new JsonObject().put("userId", new JsonObject().put("type", "keyword"))
        .put("description", new JsonObject().put("type", "text"))),
    Specifications.COLLECTION, Specifications.mapping());

  private final StorageEngine engine;
  private final Set<String> ready = ConcurrentHashMap.newKeySet();

  InternalStore(StorageEngine engine) {
    this.engine = engine;
  }

  /** Whether an index is internal, hence hidden from listings and untouched by {@code admin:resetDatabase}. */
  static boolean isInternal(String index) {
    return index.startsWith("%");
  }

  MessageConsumer<JsonObject> serve(EventBus bus) {
    return bus.consumer(Addresses.INTERNAL_STORAGE, this::handle);
  }

  private void handle(Message<JsonObject> message) {
    JsonObject body = message.body();
    Future<JsonObject> result;
    try {
      String collection = body.getString("collection");
      if (collection == null) {
        throw KuzzleError.of("api.assert.missing_argument", "collection");
      }
      result = collection(collection).compose(created -> run(body.getString("action", ""), collection, body));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(done -> {
      if (done.succeeded()) {
        message.reply(done.result());
      } else {
        KuzzleError error = KuzzleError.fromFailure(done.cause());
        message.fail(error.status(), error.toJson().encode());
      }
    });
  }

  private Future<JsonObject> run(String action, String collection, JsonObject body) {
    String id = body.getString("_id");
    return switch (action) {
      case "get" -> engine.get(INDEX, collection, id).map(StoredDocument::toJson);
      case "create", "createOrReplace" -> engine.write(INDEX, collection, id, body.getJsonObject("body"),
          action.equals("create") ? WriteMode.CREATE : WriteMode.CREATE_OR_REPLACE, true)
        .map(written -> new JsonObject().put("_id", written.after().id()).put("_version", written.after().version())
          .put("created", written.created()));
      case "delete" -> engine.delete(INDEX, collection, id, true).map(deleted -> new JsonObject().put("_id", id));
      case "search" -> engine.search(INDEX, collection, body.getJsonObject("body", new JsonObject()).copy()
          .put("from", body.getInteger("from", 0)).put("size", body.getInteger("size", 10)),
          body.getLong("scroll", 0L))
        .map(InternalStore::hits);
      case "scroll" -> engine.scroll(body.getString("scrollId"), body.getLong("scroll", 0L)).map(InternalStore::hits);
      case "getMapping" -> engine.getMapping(INDEX, collection)
        .map(mapping -> new JsonObject().put("mapping", mapping.properties()));
      case "updateMapping" -> engine.updateCollection(INDEX, collection, body.getJsonObject("body"), null)
        .compose(updated -> engine.getMapping(INDEX, collection))
        .map(mapping -> new JsonObject().put("mapping", mapping.properties()));
      case "truncate" -> engine.truncate(INDEX, collection).map(new JsonObject());
      default -> Future.failedFuture(KuzzleError.of("api.assert.invalid_argument", "action",
        "get, create, createOrReplace, delete, search, scroll, getMapping, updateMapping or truncate"));
    };
  }

  private static JsonObject hits(SearchResult result) {
    JsonArray hits = new JsonArray();
    for (SearchResult.Hit hit : result.hits()) {
      hits.add(new JsonObject().put("_id", hit.id()).put("_version", hit.version()).put("_source", hit.source()));
    }
    JsonObject page = new JsonObject().put("hits", hits).put("total", result.total());
    if (result.scrollId() != null) {
      page.put("scrollId", result.scrollId()).put("remaining", result.remaining());
    }
    return page;
  }

  /** Creates the internal index and the collection the first time they are used. */
  private Future<Void> collection(String collection) {
    if (ready.contains(collection)) {
      return Future.succeededFuture();
    }
    return engine.collectionExists(INDEX, collection).compose(exists -> exists ? Future.succeededFuture()
        : engine.createCollection(INDEX, collection, MAPPINGS.get(collection), null))
      .onSuccess(done -> ready.add(collection));
  }
}
