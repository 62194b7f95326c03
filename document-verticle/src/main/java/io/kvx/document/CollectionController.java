package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.config.LimitsOptions;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.NameRules;
import io.kvx.document.storage.SearchBodies;
import io.kvx.document.storage.SearchResult;
import io.kvx.document.storage.StorageEngine;
import io.kvx.document.validation.Specifications;
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

  private final StorageEngine engine;
  private final Specifications specifications;
  private final LimitsOptions limits;
  private final ScrollOptions scrolls;

  CollectionController(StorageEngine engine, Specifications specifications, LimitsOptions limits,
      ScrollOptions scrolls) {
    this.engine = engine;
    this.specifications = specifications;
    this.limits = limits;
    this.scrolls = scrolls;
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
      .action("getSpecifications", call -> existing(call.request())
        .compose(done -> specifications.get(call.request().getIndex(), call.request().getCollection())))
      .action("updateSpecifications", call -> existing(call.request()).compose(done -> specifications
        .update(call.request().getIndex(), call.request().getCollection(), call.request().getBody())))
      .action("validateSpecifications", call -> existing(call.request()).map(done -> Specifications
        .validate(call.request().getIndex(), call.request().getCollection(), call.request().getBody())))
      .action("deleteSpecifications", call -> existing(call.request())
        .compose(done -> specifications.delete(call.request().getIndex(), call.request().getCollection()))
        .map(done -> new JsonObject().put("acknowledged", true)))
      .action("searchSpecifications", this::searchSpecifications)
      .action("scrollSpecifications", this::scrollSpecifications)
      .build();
  }

  /**
   * Succeeds when the request's collection exists; else 412 {@code services.storage.unknown_index} or
   * {@code unknown_collection}, which the specification actions answer as the other collection actions do.
   */
  private Future<Void> existing(KuzzleRequest request) {
    return engine.getMapping(request.getIndex(), request.getCollection()).mapEmpty();
  }

  /** {@code {hits: [{_id, _source}], scrollId?, total}} over the stored specifications documents. */
  private Future<JsonObject> searchSpecifications(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonObject body = SearchActions.withPage(request, SearchBodies.check(request.getBody(new JsonObject()).copy()),
      limits);
    long scroll = request.has("scroll") ? SearchActions.scrollMillis(request.getString("scroll"), scrolls) : 0;
    return specifications.search(body, scroll).map(CollectionController::specificationHits);
  }

  private Future<JsonObject> scrollSpecifications(ApiCall call) {
    KuzzleRequest request = call.request();
    String scrollId = request.getString("scrollId");
    long scroll = request.has("scroll") ? SearchActions.scrollMillis(request.getString("scroll"), scrolls)
      : scrolls.scrollTtlMillis();
    // Limitation: a scroll id is not tied to the specifications search that opened it; the engine's scroll ids
    // would need to carry their collection for a document search's id to be refused here.
    return engine.scroll(scrollId, scroll).map(CollectionController::specificationHits);
  }

  private static JsonObject specificationHits(SearchResult result) {
    JsonArray hits = new JsonArray();
    for (SearchResult.Hit hit : result.hits()) {
      hits.add(new JsonObject().put("_id", hit.id()).put("_score", hit.score()).put("_source", hit.source()));
    }
    JsonObject answer = new JsonObject().put("hits", hits).put("total", result.total());
    return result.scrollId() == null ? answer : answer.put("scrollId", result.scrollId());
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
