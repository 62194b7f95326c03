package io.kvx.document;

import io.kvx.core.bus.Addresses;
import io.kvx.core.config.CoreOptions;
import io.kvx.core.config.LimitsOptions;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.StorageEngine;
import io.kvx.document.validation.Specifications;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Serves the {@code index}, {@code collection}, {@code document}, {@code bulk} and data {@code admin} controllers
 * on a storage engine, KVX's internal storage ({@link InternalStore}), the storage health question of
 * {@code server:healthCheck}, and the specification checks of {@code realtime:publish}
 * ({@link Addresses#SPECIFICATIONS_CHECK}). The engine is opened by the launcher and shared by the instances. The
 * verticle's configuration is the node's configuration tree (for {@code limits}).
 */
public final class DocumentVerticle extends VerticleBase {

  private final StorageEngine engine;
  private List<ApiController> controllers;
  private MessageConsumer<JsonObject> health;
  private MessageConsumer<JsonObject> internal;
  private MessageConsumer<JsonObject> checks;

  public DocumentVerticle(StorageEngine engine) {
    this.engine = engine;
  }

  @Override
  public Future<?> start() {
    Specifications specifications = new Specifications(engine, InternalStore.INDEX);
    DocumentWrites writes = new DocumentWrites(vertx, engine, specifications);
    BulkController bulk = new BulkController(writes);
    LimitsOptions limits = new CoreOptions(config()).limits();
    ScrollOptions scrolls = new ScrollOptions(config());
    controllers = List.of(new IndexController(vertx, engine).controller(),
      new CollectionController(engine, specifications, limits, scrolls).controller(),
      new DocumentController(engine, writes, specifications, limits, scrolls).controller(), bulk.controller(),
      new AdminDataController(engine, bulk).controller());
    health = vertx.eventBus().consumer(Addresses.STORAGE_HEALTH, message -> engine.listIndexes()
      .onSuccess(indexes -> message.reply(new JsonObject().put("indexes", indexes.size())))
      .onFailure(failure -> message.fail(500, String.valueOf(failure.getMessage()))));
    internal = new InternalStore(engine).serve(vertx.eventBus());
    checks = vertx.eventBus().consumer(Addresses.SPECIFICATIONS_CHECK, message -> {
      JsonObject check = message.body();
      specifications.checkWrite(check.getString("index"), check.getString("collection"), check.getJsonObject("body"))
        .onSuccess(message::reply)
        .onFailure(failure -> {
          KuzzleError error = KuzzleError.fromFailure(failure);
          message.fail(error.status(), error.toJson().encode());
        });
    });
    return Future.all(controllers.stream().map(c -> c.serve(vertx)).toList())
      .compose(served -> Future.all(health.completion(), internal.completion(), checks.completion()));
  }

  @Override
  public Future<?> stop() {
    return Future.join(controllers.stream().map(ApiController::stop).toList())
      .compose(stopped -> Future.join(health.unregister(), internal.unregister(), checks.unregister()));
  }
}
