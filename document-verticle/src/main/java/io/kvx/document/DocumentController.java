package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.config.LimitsOptions;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.StorageEngine;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteMode;
import io.kvx.document.validation.Specifications;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Kuzzle's {@code document} controller: single-document actions here, {@code m*} actions in
 * {@link MultiDocumentActions}, searches in {@link SearchActions}, writes by query and field deletions in
 * {@link QueryActions}, writes and their change events in {@link DocumentWrites}, the export in {@link Export}.
 */
final class DocumentController {

  private final StorageEngine engine;
  private final DocumentWrites writes;
  private final MultiDocumentActions multi;
  private final SearchActions searches;
  private final QueryActions queries;
  private final Export exports;
  private final Specifications specifications;

  DocumentController(StorageEngine engine, DocumentWrites writes, Specifications specifications, LimitsOptions limits,
      ScrollOptions scrolls) {
    this.engine = engine;
    this.specifications = specifications;
    this.writes = writes;
    this.multi = new MultiDocumentActions(engine, limits, writes);
    this.searches = new SearchActions(engine, limits, scrolls);
    this.queries = new QueryActions(writes, limits);
    this.exports = new Export(engine, limits, scrolls);
  }

  ApiController controller() {
    return ApiController.named("document")
      .action("create", call -> write(call, WriteMode.CREATE, "create"))
      .action("createOrReplace", call -> write(call, WriteMode.CREATE_OR_REPLACE, "createOrReplace"))
      .action("replace", call -> write(call, WriteMode.REPLACE, "replace"))
      .action("update", this::update)
      .action("upsert", this::upsert)
      .action("delete", this::delete)
      .action("get", this::get)
      .action("exists", call -> engine.exists(call.request().getIndex(), call.request().getCollection(),
        documentId(call.request())))
      .action("mGet", multi::mGet)
      .action("mExists", multi::mExists)
      .action("mCreate", call -> multi.mWrite(call, WriteMode.CREATE, "mCreate"))
      .action("mCreateOrReplace", call -> multi.mWrite(call, WriteMode.CREATE_OR_REPLACE, "mCreateOrReplace"))
      .action("mReplace", call -> multi.mWrite(call, WriteMode.REPLACE, "mReplace"))
      .action("mUpdate", multi::mUpdate)
      .action("mUpsert", multi::mUpsert)
      .action("mDelete", multi::mDelete)
      .action("search", searches::search)
      .action("count", searches::count)
      .action("scroll", searches::scroll)
      .action("deleteByQuery", queries::deleteByQuery)
      .action("updateByQuery", queries::updateByQuery)
      .action("deleteFields", queries::deleteFields)
      .action("validate", this::validate)
      .action("export", exports::export)
      .build();
  }

  private Future<JsonObject> write(ApiCall call, WriteMode mode, String action) {
    KuzzleRequest request = call.request();
    String id = mode == WriteMode.CREATE ? request.getString("_id", null) : request.getId();
    return writes.write(call, id, request.getBody(), mode, action).map(result -> {
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
    // Limitation: retryOnConflict is accepted but unused: the embedded engine applies the writes to one document
    // one after the other, so an update never conflicts.
    request.getInteger("retryOnConflict", 0);
    return writes.update(call, id, changes, "update").map(result -> {
      StoredDocument after = result.after();
      if (source) {
        return after.toJson();
      }
      JsonObject partial = changes.put("_kuzzle_info", after.source().getJsonObject("_kuzzle_info"));
      return new JsonObject().put("_id", id).put("_version", after.version()).put("_source", partial);
    });
  }

  /** {@code document:upsert}: body {@code {changes, default?}}; answers {@code {_id, _version, created}}. */
  private Future<JsonObject> upsert(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonObject changes = request.getBodyObject("changes").copy();
    changes.remove("_kuzzle_info");
    JsonObject defaults = request.getBodyObject("default", new JsonObject());
    boolean source = request.getBoolean("source");
    return writes.upsert(call, request.getId(), changes, defaults, "upsert").map(result -> {
      JsonObject answer = new JsonObject().put("_id", result.after().id()).put("_version", result.after().version())
        .put("created", result.created());
      return source ? answer.put("_source", result.after().source()) : answer;
    });
  }

  private Future<JsonObject> delete(ApiCall call) {
    KuzzleRequest request = call.request();
    boolean source = request.getBoolean("source");
    return writes.delete(call, request.getId(), "delete").map(result -> {
      StoredDocument before = result.before();
      return source ? before.toJson() : new JsonObject().put("_id", before.id());
    });
  }

  /**
   * {@code {errorMessages, valid}}: the body checked against the collection specifications, nothing written;
   * {@code errorMessages} is Kuzzle's verbose report, {@code {}} for a valid document.
   */
  private Future<JsonObject> validate(ApiCall call) {
    KuzzleRequest request = call.request();
    String index = request.getIndex();
    String collection = request.getCollection();
    JsonObject body = request.getBody();
    return engine.getMapping(index, collection).compose(exists -> specifications.report(index, collection, body));
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
}
