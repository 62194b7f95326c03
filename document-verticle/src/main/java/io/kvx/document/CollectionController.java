package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.NameRules;
import io.kvx.document.storage.StorageEngine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/** Kuzzle's {@code collection} controller (Kuzzle API reference, controller {@code collection}). */
final class CollectionController {

  /** Keys of the legacy body of {@code collection:create}, where the mappings were the body itself. */
  private static final Set<String> LEGACY_MAPPING_KEYS = Set.of("properties", "dynamic", "_meta");
  private static final Set<String> LIST_TYPES = Set.of("all", "stored", "realtime");
  private static final List<String> SPECIFICATION_ACTIONS = List.of("deleteSpecifications", "getSpecifications",
    "scrollSpecifications", "searchSpecifications", "updateSpecifications", "validateSpecifications");

  private final StorageEngine engine;

  CollectionController(StorageEngine engine) {
    this.engine = engine;
  }

  ApiController controller() {
    return ApiController.named("collection")
      .action("create", this::create)
      .action("update", this::update)
      .action("updateMapping", this::updateMapping)
      .action("getMapping", this::getMapping)
      .action("getSettings", call -> engine.getSettings(call.request().getIndex(), call.request().getCollection()))
      .action("exists", call -> engine.collectionExists(call.request().getIndex(), call.request().getCollection()))
      .action("list", this::list)
      .action("delete", call -> engine.deleteCollection(call.request().getIndex(), call.request().getCollection())
        .map(deleted -> KuzzleResponse.of((Object) null)))
      .action("truncate", call -> engine.truncate(call.request().getIndex(), call.request().getCollection())
        .map(done -> new JsonObject().put("acknowledged", true)))
      .action("refresh", call -> engine.refresh(call.request().getIndex(), call.request().getCollection())
        .map(done -> KuzzleResponse.of((Object) null)))
      // Limitation: collection specifications (document validation) are not implemented yet; their actions answer
      // 503 api.process.controller_unavailable until the validation engine is written.
      .unavailable(SPECIFICATION_ACTIONS)
      .build();
  }

  private Future<JsonObject> create(ApiCall call) {
    KuzzleRequest request = call.request();
    String index = request.getIndex();
    String collection = request.getCollection();
    NameRules.checkIndex(index);
    NameRules.checkCollection(collection);
    JsonObject body = request.getBody(new JsonObject());
    JsonObject mappings = body.containsKey("mappings") ? request.getBodyObject("mappings") : legacyMappings(body);
    JsonObject settings = request.getBodyObject("settings", null);
    return engine.createCollection(index, collection, mappings, settings)
      .map(done -> new JsonObject().put("acknowledged", true));
  }

  private static JsonObject legacyMappings(JsonObject body) {
    return body.fieldNames().stream().anyMatch(LEGACY_MAPPING_KEYS::contains) ? body : null;
  }

  private Future<KuzzleResponse> update(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonObject body = request.getBody(new JsonObject());
    JsonObject mappings = body.containsKey("mappings") ? request.getBodyObject("mappings") : legacyMappings(body);
    return engine.updateCollection(request.getIndex(), request.getCollection(), mappings,
        request.getBodyObject("settings", null))
      .map(done -> KuzzleResponse.of((Object) null));
  }

  private Future<JsonObject> updateMapping(ApiCall call) {
    KuzzleRequest request = call.request();
    String index = request.getIndex();
    String collection = request.getCollection();
    return engine.updateCollection(index, collection, request.getBody(), null)
      .compose(done -> engine.getMapping(index, collection))
      .map(mapping -> mapping.toJson(false));
  }

  private Future<JsonObject> getMapping(ApiCall call) {
    KuzzleRequest request = call.request();
    boolean includeKuzzleMeta = request.getBoolean("includeKuzzleMeta");
    return engine.getMapping(request.getIndex(), request.getCollection())
      .map(mapping -> mapping.toJson(includeKuzzleMeta));
  }

  /**
   * {@code {collections: [{name, type}], type}}, sorted by name. A {@code size} above 0 paginates from {@code from}
   * and adds both to the result; 0 or absent (the SDK sends 0) lists everything.
   */
  private Future<JsonObject> list(ApiCall call) {
    KuzzleRequest request = call.request();
    String type = request.getString("type", "all");
    if (!LIST_TYPES.contains(type)) {
      throw KuzzleError.of("api.assert.invalid_argument", "type", "all, stored, realtime");
    }
    long from = request.getInteger("from", 0);
    long size = request.getInteger("size", 0);
    if (from < 0 || size < 0) {
      throw KuzzleError.of("api.assert.invalid_argument", from < 0 ? "from" : "size", "a positive integer");
    }
    // Limitation: realtime-only collections (subscriptions without stored documents) are not listed yet; they
    // come with the realtime verticle.
    return engine.listCollections(request.getIndex()).map(names -> {
      List<String> stored = type.equals("realtime") ? List.of() : names;
      int start = size > 0 ? (int) Math.min(from, stored.size()) : 0;
      int end = size > 0 ? (int) Math.min(stored.size(), from + size) : stored.size();
      JsonArray collections = new JsonArray();
      for (String name : stored.subList(start, end)) {
        collections.add(new JsonObject().put("name", name).put("type", "stored"));
      }
      JsonObject result = new JsonObject().put("collections", collections).put("type", type);
      return size > 0 ? result.put("from", from).put("size", size) : result;
    });
  }
}
