package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.bus.Codecs;
import io.kvx.core.bus.SharedJsonCodec;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.QueryWrites;
import io.kvx.document.storage.StorageEngine;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteMode;
import io.kvx.document.storage.WriteResult;
import io.kvx.document.validation.Specifications;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * The writes of the {@code document} controller, single or in {@code m*} batches: {@code _kuzzle_info} metadata
 * (client-supplied metadata is replaced), {@code refresh=wait_for}, and a change event on
 * {@link Addresses#DOCUMENT_CHANGES} after each write, unless {@code silent}. Documents are checked against the
 * collection specifications first (whole documents, updates merged into the stored document), except for the
 * {@link #quiet()} writes and the {@code bulk} ones, which bypass them as Kuzzle's do.
 */
final class DocumentWrites {

  /** Capacity of a change event's map: its 14 fields without a resize. */
  private static final int CHANGE_FIELDS = 32;
  /** Change events reach local consumers without Vert.x's deep copy; they must not change them. */
  private static final DeliveryOptions SHARED = new DeliveryOptions().setCodecName(SharedJsonCodec.NAME);

  private final Vertx vertx;
  private final StorageEngine engine;
  private final boolean publishes;
  private final Specifications specifications;

  DocumentWrites(Vertx vertx, StorageEngine engine, Specifications specifications) {
    this(vertx, engine, true, specifications);
    Codecs.register(vertx);
  }

  private DocumentWrites(Vertx vertx, StorageEngine engine, boolean publishes, Specifications specifications) {
    this.vertx = vertx;
    this.engine = engine;
    this.publishes = publishes;
    this.specifications = specifications;
  }

  /**
   * The same writes, never publishing change events nor checking specifications (for {@code bulk:import} and the
   * bulk writes by query).
   */
  DocumentWrites quiet() {
    return new DocumentWrites(vertx, engine, false, null);
  }

  Future<WriteResult> write(ApiCall call, String id, JsonObject body, WriteMode mode, String action) {
    KuzzleRequest request = call.request();
    if (id != null) {
      checkId(id);
    }
    String index = request.getIndex();
    String collection = request.getCollection();
    Future<JsonObject> checked = specifications == null ? Future.succeededFuture(body)
      : specifications.checkWrite(index, collection, body);
    return checked.compose(content -> {
      long now = System.currentTimeMillis();
      String kuid = call.context().user().kuid();
      JsonObject source = content.copy().put("_kuzzle_info", new JsonObject().put("author", kuid)
        .put("createdAt", now).put("updatedAt", mode == WriteMode.CREATE ? null : now)
        .put("updater", mode == WriteMode.CREATE ? null : kuid));
      return engine.write(index, collection, id, source, mode, waitFor(request));
    }).andThen(done -> notify(call, action, done.result(), false));
  }

  /**
   * A write of the {@code bulk} controller: the document is stored as given ({@code _kuzzle_info} included when the
   * client sends one), and a change event is published only when {@code notify} is true.
   */
  Future<WriteResult> writeAsGiven(ApiCall call, String id, JsonObject source, WriteMode mode, String action,
      boolean notify) {
    KuzzleRequest request = call.request();
    if (id != null) {
      checkId(id);
    }
    return engine.write(request.getIndex(), request.getCollection(), id, source.copy(), mode, waitFor(request))
      .andThen(done -> {
        if (notify) {
          publish(call, action, done.result(), false);
        }
      });
  }

  Future<WriteResult> update(ApiCall call, String id, JsonObject changes, String action) {
    KuzzleRequest request = call.request();
    String index = request.getIndex();
    String collection = request.getCollection();
    Future<JsonObject> checked = specifications == null ? Future.succeededFuture(changes)
      : specifications.checkUpdate(index, collection, id, changes);
    return checked
      .compose(content -> engine.update(index, collection, id, withUpdateInfo(call, content), waitFor(request)))
      .andThen(done -> notify(call, action, done.result(), true));
  }

  /** Removes fields (lodash paths) from a document, then publishes an {@code update} change event. */
  Future<WriteResult> deleteFields(ApiCall call, String id, List<String> paths, String action) {
    KuzzleRequest request = call.request();
    return engine.deleteFields(request.getIndex(), request.getCollection(), id, paths,
        withUpdateInfo(call, new JsonObject()), waitFor(request))
      .andThen(done -> notify(call, action, done.result(), true));
  }

  /**
   * Deletes the documents the {@code query} of {@code body} matches, at most {@code limit}, then publishes a
   * {@code delete} change event for each.
   */
  Future<QueryWrites> deleteByQuery(ApiCall call, JsonObject body, long limit, String action) {
    KuzzleRequest request = call.request();
    return engine.deleteByQuery(request.getIndex(), request.getCollection(), body, limit, waitFor(request))
      .andThen(done -> notifyEach(call, action, done.result(), false));
  }

  /**
   * Merges {@code changes}, with the update metadata, into the documents the {@code query} of {@code body} matches,
   * at most {@code limit}, then publishes an {@code update} change event for each document written.
   */
  Future<QueryWrites> updateByQuery(ApiCall call, JsonObject body, JsonObject changes, long limit, String action) {
    KuzzleRequest request = call.request();
    return engine.updateByQuery(request.getIndex(), request.getCollection(), body, withUpdateInfo(call, changes),
        limit, waitFor(request))
      .andThen(done -> notifyEach(call, action, done.result(), true));
  }

  /** An update by query of the {@code bulk} controller: changes merged as given, no limit, no change event. */
  Future<QueryWrites> updateByQueryAsGiven(ApiCall call, JsonObject body, JsonObject changes) {
    KuzzleRequest request = call.request();
    return engine.updateByQuery(request.getIndex(), request.getCollection(), body, changes, Long.MAX_VALUE,
      waitFor(request));
  }

  private static JsonObject withUpdateInfo(ApiCall call, JsonObject changes) {
    return changes.copy().put("_kuzzle_info", new JsonObject().put("updatedAt", System.currentTimeMillis())
      .put("updater", call.context().user().kuid()));
  }

  /**
   * Updates the document with {@code changes} if it exists, else creates it from {@code defaults} and
   * {@code changes}.
   */
  Future<WriteResult> upsert(ApiCall call, String id, JsonObject changes, JsonObject defaults, String action) {
    KuzzleRequest request = call.request();
    // Limitation: the existence check and the write are two storage steps; a document created by another request
    // between them makes this upsert fail with document_already_exists instead of updating it. An engine-level
    // upsert would close the gap.
    return engine.exists(request.getIndex(), request.getCollection(), id).compose(exists -> exists
      ? update(call, id, changes, action)
      : write(call, id, defaults.copy().mergeIn(changes, true), WriteMode.CREATE, action));
  }

  Future<WriteResult> delete(ApiCall call, String id, String action) {
    KuzzleRequest request = call.request();
    return engine.delete(request.getIndex(), request.getCollection(), id, waitFor(request))
      .andThen(done -> notify(call, action, done.result(), false));
  }

  private static boolean waitFor(KuzzleRequest request) {
    return "wait_for".equals(request.getRefresh("false"));
  }

  static void checkId(String id) {
    if (id.isEmpty()) {
      throw KuzzleError.of("api.assert.empty_argument", "_id");
    }
    if (id.startsWith("_")) {
      throw KuzzleError.of("api.assert.invalid_id");
    }
  }

  /** Publishes the change event of a successful write, unless the request is {@code silent}. */
  private void notify(ApiCall call, String action, WriteResult result, boolean partial) {
    if (!call.request().getBoolean("silent")) {
      publish(call, action, result, partial);
    }
  }

  private void notifyEach(ApiCall call, String action, QueryWrites writes, boolean partial) {
    if (writes != null) {
      writes.written().forEach(result -> notify(call, action, result, partial));
    }
  }

  /**
   * Publishes a change event; {@code partial} tells an update (some fields changed) from a replacement of an
   * existing document.
   */
  private void publish(ApiCall call, String action, WriteResult result, boolean partial) {
    KuzzleRequest request = call.request();
    if (result == null || !publishes) {
      return;
    }
    StoredDocument any = result.after() != null ? result.after() : result.before();
    String change = result.after() == null ? "delete" : result.before() == null ? "create"
      : partial ? "update" : "replace";
    JsonObject event = new JsonObject(new LinkedHashMap<>(CHANGE_FIELDS))
      .put("index", request.getIndex())
      .put("collection", request.getCollection())
      .put("_id", any.id())
      .put("_version", any.version())
      .put("change", change)
      .put("action", action)
      .put("controller", request.controller())
      .put("before", result.before() == null ? null : result.before().source())
      .put("after", result.after() == null ? null : result.after().source())
      .put("requestId", request.requestId())
      .put("timestamp", request.timestamp())
      .put("protocol", call.protocol().wireName())
      .put("user", call.context().user().kuid())
      .put("volatile", request.volatileData());
    vertx.eventBus().publish(Addresses.DOCUMENT_CHANGES, event, SHARED);
  }
}
