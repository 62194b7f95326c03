package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.NameRules;
import io.kvx.document.storage.StorageEngine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The data actions of Kuzzle's {@code admin} controller: {@code resetDatabase}, {@code loadMappings} and
 * {@code loadFixtures}; {@code resetSecurity} and {@code loadSecurities} are handed to the security verticle. Their
 * results say {@code acknowledge}, without a d, as Kuzzle's do.
 */
final class AdminDataController {

  private static final JsonObject ACKNOWLEDGE = new JsonObject().put("acknowledge", true);
  private static final List<String> OTHER_ACTIONS = List.of("dump", "refreshIndexCache", "resetCache", "shutdown");
  private static final List<String> SECURITY_ACTIONS = List.of("loadSecurities", "resetSecurity");

  private final StorageEngine engine;
  private final BulkController bulk;

  AdminDataController(StorageEngine engine, BulkController bulk) {
    this.engine = engine;
    this.bulk = bulk;
  }

  ApiController controller() {
    // Limitation: one verticle serves the whole admin controller; the security actions are forwarded to the
    // security verticle, but the cache, dump and shutdown actions answer 503 api.process.controller_unavailable
    // until they are forwarded to the verticles owning them in the same way.
    ApiController.Builder builder = ApiController.named("admin")
      .action("resetDatabase", this::resetDatabase)
      .action("loadMappings", this::loadMappings)
      .action("loadFixtures", this::loadFixtures)
      .unavailable(OTHER_ACTIONS);
    SECURITY_ACTIONS.forEach(action -> builder.action(action, AdminDataController::toSecurity));
    return builder.build();
  }

  /** Hands a security action, as received, to this node's security verticle ({@link Addresses#SECURITY_ADMIN}). */
  private static Future<KuzzleResponse> toSecurity(ApiCall call) {
    Context context = Vertx.currentContext();
    KuzzleError unavailable = KuzzleError.of("api.process.controller_unavailable", "admin:" + call.request().action());
    if (context == null) {
      return Future.failedFuture(unavailable);
    }
    return context.owner().eventBus().<KuzzleResponse>request(Addresses.SECURITY_ADMIN, call)
      .transform(done -> done.succeeded() ? Future.succeededFuture(done.result().body())
        : Future.failedFuture(done.cause() instanceof ReplyException reply
          && reply.failureType() == ReplyFailure.NO_HANDLERS ? unavailable : KuzzleError.fromFailure(done.cause())));
  }

  private Future<JsonObject> resetDatabase(ApiCall call) {
    return engine.listIndexes().map(IndexController::publicOnly)
      .compose(indexes -> Future.all(indexes.stream().map(engine::deleteIndex).toList()))
      .map(done -> ACKNOWLEDGE.copy());
  }

  /** Body {@code {index: {collection: mappings}}}: creates what is missing, merges mappings into what exists. */
  private Future<JsonObject> loadMappings(ApiCall call) {
    JsonObject body = call.request().getBody();
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Object> index : body) {
      NameRules.checkIndex(index.getKey());
      JsonObject collections = asObject(index.getValue(), "body." + index.getKey());
      for (Map.Entry<String, Object> collection : collections) {
        NameRules.checkCollection(collection.getKey());
        JsonObject mappings = asObject(collection.getValue(), "body." + index.getKey() + "." + collection.getKey());
        chain = chain.compose(done -> engine.createCollection(index.getKey(), collection.getKey(), mappings, null));
      }
    }
    return chain.map(done -> ACKNOWLEDGE.copy());
  }

  /**
   * Body {@code {index: {collection: [bulk lines]}}} on existing collections, imported in order without
   * notifications and made searchable before the answer unless {@code refresh} says otherwise. A failing line fails
   * the request (400 {@code api.process.incomplete_multiple_request}, with the failed lines).
   */
  private Future<JsonObject> loadFixtures(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonObject body = request.getBody();
    String refresh = request.getRefresh("wait_for");
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Object> index : body) {
      JsonObject collections = asObject(index.getValue(), "body." + index.getKey());
      for (Map.Entry<String, Object> collection : collections) {
        if (!(collection.getValue() instanceof JsonArray lines)) {
          throw KuzzleError.of("api.assert.invalid_type", "body." + index.getKey() + "." + collection.getKey(),
            "array");
        }
        ApiCall target = new ApiCall(request.with("index", index.getKey()).with("collection", collection.getKey())
          .with("refresh", refresh).with("strict", true), call.context());
        chain = chain.compose(done -> bulk.importLines(target, lines).mapEmpty());
      }
    }
    return chain.map(done -> ACKNOWLEDGE.copy());
  }

  private static JsonObject asObject(Object value, String path) {
    if (!(value instanceof JsonObject object)) {
      throw KuzzleError.of("api.assert.invalid_type", path, "object");
    }
    return object;
  }
}
