package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.StorageEngine;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteMode;
import io.kvx.document.storage.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The single-document actions of Kuzzle's {@code document} controller: create, createOrReplace, replace, update,
 * delete, get and exists, with {@code _kuzzle_info} metadata, versions, {@code refresh}, {@code silent} and
 * {@code source}, and a change event on {@link Addresses#DOCUMENT_CHANGES} after every write that notifies.
 */
final class DocumentController {

  /** Actions of the controller that this version does not serve yet. */
  private static final List<String> NOT_YET = List.of("count", "deleteByQuery", "deleteFields", "export", "mCreate",
    "mCreateOrReplace", "mDelete", "mExists", "mGet", "mReplace", "mUpdate", "mUpsert", "scroll", "search",
    "updateByQuery", "upsert", "validate");

  private final Vertx vertx;
  private final StorageEngine engine;

  DocumentController(Vertx vertx, StorageEngine engine) {
    this.vertx = vertx;
    this.engine = engine;
  }

  ApiController controller() {
    ApiController.Builder builder = ApiController.named("document")
      .action("create", call -> write(call, WriteMode.CREATE, "create"))
      .action("createOrReplace", call -> write(call, WriteMode.CREATE_OR_REPLACE, "createOrReplace"))
      .action("replace", call -> write(call, WriteMode.REPLACE, "replace"))
      .action("update", this::update)
      .action("delete", this::delete)
      .action("get", this::get)
      .action("exists", call -> engine.exists(call.request().getIndex(), call.request().getCollection(),
        documentId(call.request())));
    // Limitation: the multi-document, search and by-query actions come with the search translation of the embedded
    // engine; until then they answer 503 api.process.controller_unavailable.
    for (String action : NOT_YET) {
      builder.action(action, call -> Future.failedFuture(KuzzleError.of("api.process.controller_unavailable",
        "document:" + action)));
    }
    return builder.build();
  }

  private Future<JsonObject> write(ApiCall call, WriteMode mode, String action) {
    KuzzleRequest request = call.request();
    String index = request.getIndex();
    String collection = request.getCollection();
    String id = mode == WriteMode.CREATE ? request.getString("_id", null) : request.getId();
    if (id != null) {
      checkId(id);
    }
    JsonObject source = request.getBody().copy();
    long now = System.currentTimeMillis();
    String kuid = call.context().user().kuid();
    source.put("_kuzzle_info", new JsonObject().put("author", kuid).put("createdAt", now)
      .put("updatedAt", mode == WriteMode.CREATE ? null : now).put("updater", mode == WriteMode.CREATE ? null : kuid));
    boolean waitFor = "wait_for".equals(request.getRefresh("false"));
    return engine.write(index, collection, id, source, mode, waitFor).map(result -> {
      notify(call, action, result);
      JsonObject answer = result.after().toJson();
      return mode == WriteMode.CREATE_OR_REPLACE ? answer.put("created", result.created()) : answer;
    });
  }

  private Future<JsonObject> update(ApiCall call) {
    KuzzleRequest request = call.request();
    String id = request.getId();
    JsonObject changes = request.getBody().copy();
    changes.remove("_kuzzle_info");
    boolean source = request.getBoolean("source");
    JsonObject info = new JsonObject().put("updatedAt", System.currentTimeMillis())
      .put("updater", call.context().user().kuid());
    JsonObject withInfo = changes.copy().put("_kuzzle_info", info);
    boolean waitFor = "wait_for".equals(request.getRefresh("false"));
    // Limitation: retryOnConflict is accepted but unused: the embedded engine applies writes to one document one
    // after the other, so an update never conflicts.
    request.getInteger("retryOnConflict", 0);
    return engine.update(request.getIndex(), request.getCollection(), id, withInfo, waitFor).map(result -> {
      notify(call, "update", result);
      StoredDocument after = result.after();
      if (source) {
        return after.toJson();
      }
      JsonObject partial = changes.put("_kuzzle_info", after.source().getJsonObject("_kuzzle_info"));
      return new JsonObject().put("_id", id).put("_version", after.version()).put("_source", partial);
    });
  }

  private Future<JsonObject> delete(ApiCall call) {
    KuzzleRequest request = call.request();
    boolean source = request.getBoolean("source");
    boolean waitFor = "wait_for".equals(request.getRefresh("false"));
    return engine.delete(request.getIndex(), request.getCollection(), request.getId(), waitFor).map(result -> {
      notify(call, "delete", result);
      StoredDocument before = result.before();
      return source ? before.toJson() : new JsonObject().put("_id", before.id());
    });
  }

  private Future<JsonObject> get(ApiCall call) {
    KuzzleRequest request = call.request();
    return engine.get(request.getIndex(), request.getCollection(), documentId(request)).map(StoredDocument::toJson);
  }

  private static String documentId(KuzzleRequest request) {
    String id = request.getId();
    if (id.equals("_search")) {
      throw KuzzleError.of("services.storage.search_as_an_id");
    }
    return id;
  }

  private static void checkId(String id) {
    if (id.isEmpty()) {
      throw KuzzleError.of("api.assert.empty_argument", "_id");
    }
    if (id.startsWith("_")) {
      throw KuzzleError.of("api.assert.invalid_id");
    }
  }

  /** Publishes the change event of a write, unless the request is {@code silent}. */
  private void notify(ApiCall call, String action, WriteResult result) {
    KuzzleRequest request = call.request();
    if (request.getBoolean("silent")) {
      return;
    }
    StoredDocument any = result.after() != null ? result.after() : result.before();
    vertx.eventBus().publish(Addresses.DOCUMENT_CHANGES, new JsonObject()
      .put("index", request.getIndex())
      .put("collection", request.getCollection())
      .put("_id", any.id())
      .put("action", action)
      .put("before", result.before() == null ? null : result.before().source())
      .put("after", result.after() == null ? null : result.after().source())
      .put("requestId", request.requestId())
      .put("user", call.context().user().kuid())
      .put("volatile", request.volatileData()));
  }
}
