package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.NameRules;
import io.kvx.document.storage.StorageEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Kuzzle's {@code index} controller (Kuzzle API reference, controller {@code index}). */
final class IndexController {

  private final Vertx vertx;
  private final StorageEngine engine;

  IndexController(Vertx vertx, StorageEngine engine) {
    this.vertx = vertx;
    this.engine = engine;
  }

  ApiController controller() {
    return ApiController.named("index")
      .action("create", this::create)
      .action("delete", this::delete)
      .action("exists", call -> engine.indexExists(call.request().getIndex()))
      .action("list", this::list)
      .action("mDelete", this::mDelete)
      .action("stats", call -> engine.stats())
      .build();
  }

  private Future<KuzzleResponse> create(ApiCall call) {
    String index = call.request().getIndex();
    NameRules.checkIndex(index);
    return engine.createIndex(index).map(created -> KuzzleResponse.empty());
  }

  private Future<JsonObject> delete(ApiCall call) {
    return engine.deleteIndex(call.request().getIndex()).map(deleted -> new JsonObject().put("acknowledged", true));
  }

  private Future<JsonObject> list(ApiCall call) {
    boolean countCollection = call.request().getBoolean("countCollection");
    return engine.listIndexes().map(IndexController::publicOnly).compose(indexes -> {
      JsonObject result = new JsonObject().put("indexes", new JsonArray(indexes));
      if (!countCollection) {
        return Future.succeededFuture(result);
      }
      List<Future<List<String>>> counts = indexes.stream().map(engine::listCollections).toList();
      return Future.all(counts).map(done -> {
        JsonObject collections = new JsonObject();
        for (int i = 0; i < indexes.size(); i++) {
          collections.put(indexes.get(i), counts.get(i).result().size());
        }
        return result.put("collections", collections);
      });
    });
  }

  /** Deletes the listed indexes that exist and answers which were deleted; unknown ones are skipped. */
  private Future<JsonObject> mDelete(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonArray names = request.getBodyArray("indexes");
    List<String> wanted = new ArrayList<>();
    for (Object name : names) {
      if (!(name instanceof String s)) {
        throw KuzzleError.of("api.assert.invalid_type", "body.indexes", "string[]");
      }
      wanted.add(s);
    }
    return engine.listIndexes().map(IndexController::publicOnly)
      .compose(existing -> deletable(call, wanted.stream().distinct().filter(existing::contains).toList()))
      .compose(targets -> Future.all(targets.stream().map(engine::deleteIndex).toList())
        .map(done -> new JsonObject().put("deleted", new JsonArray(targets))));
  }

  /**
   * The indexes among {@code candidates} the user may delete one by one ({@code index:delete}), as Kuzzle filters
   * them; all of them when no security verticle answers.
   */
  private Future<List<String>> deletable(ApiCall call, List<String> candidates) {
    JsonArray requests = new JsonArray();
    candidates.forEach(index -> requests.add(new JsonObject().put("controller", "index").put("action", "delete")
      .put("index", index)));
    return vertx.eventBus().<JsonObject>request(Addresses.RIGHTS_CHECK, new JsonObject()
        .put("user", call.context().user().toJson()).put("requests", requests))
      .transform(done -> {
        if (done.failed()) {
          return done.cause() instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
            ? Future.succeededFuture(candidates) : Future.failedFuture(KuzzleError.fromFailure(done.cause()));
        }
        JsonArray allowed = done.result().body().getJsonArray("allowed");
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
          if (Boolean.TRUE.equals(allowed.getValue(i))) {
            kept.add(candidates.get(i));
          }
        }
        return Future.succeededFuture(kept);
      });
  }

  /** The indexes a client may see: KVX's internal ones ({@link InternalStore}) left out. */
  static List<String> publicOnly(List<String> indexes) {
    return indexes.stream().filter(index -> !InternalStore.isInternal(index)).toList();
  }
}
