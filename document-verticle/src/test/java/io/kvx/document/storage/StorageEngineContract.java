package io.kvx.document.storage;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every storage engine must have, written once against {@link StorageEngine}: each engine's test
 * extends it and says how to open the engine.
 */
public abstract class StorageEngineContract {

  protected Vertx vertx;
  protected StorageEngine engine;

  /** The engine under test, for the contracts written as test interfaces ({@link QueryContract}...). */
  public StorageEngine engine() {
    return engine;
  }

  /** Opens a fresh, empty engine. */
  protected abstract StorageEngine open(Vertx vertx) throws Exception;

  @BeforeEach
  void openEngine() throws Exception {
    vertx = Vertx.vertx();
    engine = open(vertx);
  }

  @AfterEach
  void closeEngine() throws Exception {
    engine.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  protected static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }

  protected static String errorOf(Future<?> future) throws Exception {
    Throwable failure = future.transform(done -> Future.succeededFuture(done.cause())).await(10, TimeUnit.SECONDS);
    return failure instanceof KuzzleError error ? error.id() : String.valueOf(failure);
  }

  @Test
  void createIndex_whenNew_isListedAndExists() throws Exception {
    await(engine.createIndex("shop"));
    assertThat(await(engine.indexExists("shop"))).isTrue();
    assertThat(await(engine.indexExists("other"))).isFalse();
    assertThat(await(engine.listIndexes())).containsExactly("shop");
    assertThat(errorOf(engine.createIndex("shop"))).isEqualTo("services.storage.index_already_exists");
  }

  @Test
  void deleteIndex_removesItsCollections() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    await(engine.deleteIndex("shop"));
    assertThat(await(engine.indexExists("shop"))).isFalse();
    assertThat(await(engine.collectionExists("shop", "items"))).isFalse();
    assertThat(errorOf(engine.deleteIndex("shop"))).isEqualTo("services.storage.unknown_index");
  }

  @Test
  void createCollection_createsItsIndexAndMergesMappingsOnUpdate() throws Exception {
    await(engine.createCollection("shop", "items", new JsonObject("{\"dynamic\":\"strict\",\"_meta\":{\"v\":1},"
      + "\"properties\":{\"name\":{\"type\":\"keyword\"}}}"), null));
    assertThat(await(engine.indexExists("shop"))).isTrue();
    await(engine.createCollection("shop", "items", new JsonObject("{\"properties\":{\"price\":{\"type\":"
      + "\"float\"},\"tags\":{\"properties\":{\"main\":{\"type\":\"keyword\"}}}}}"), null));
    JsonObject mapping = await(engine.getMapping("shop", "items")).toJson(false);
    assertThat(mapping.getString("dynamic")).isEqualTo("strict");
    assertThat(mapping.getJsonObject("_meta")).isEqualTo(new JsonObject().put("v", 1));
    assertThat(mapping.getJsonObject("properties").fieldNames()).containsExactlyInAnyOrder("name", "price", "tags");
    assertThat(await(engine.listCollections("shop"))).containsExactly("items");
  }

  @Test
  void createCollection_whenTypeChanges_isRefused() throws Exception {
    await(engine.createCollection("shop", "items", new JsonObject("{\"properties\":{\"name\":{\"type\":"
      + "\"keyword\"}}}"), null));
    assertThat(errorOf(engine.createCollection("shop", "items", new JsonObject("{\"properties\":{\"name\":"
      + "{\"type\":\"long\"}}}"), null))).isEqualTo("services.storage.cannot_change_mapping");
    assertThat(await(engine.getMapping("shop", "items")).properties().getJsonObject("name").getString("type"))
      .isEqualTo("keyword");
  }

  @Test
  void collectionActions_whenUnknown_failWithPreconditionErrors() throws Exception {
    assertThat(errorOf(engine.getMapping("nope", "items"))).isEqualTo("services.storage.unknown_index");
    await(engine.createIndex("shop"));
    assertThat(errorOf(engine.getMapping("shop", "nope"))).isEqualTo("services.storage.unknown_collection");
    assertThat(errorOf(engine.updateCollection("shop", "nope", null, null)))
      .isEqualTo("services.storage.unknown_collection");
    assertThat(errorOf(engine.deleteCollection("shop", "nope"))).isEqualTo("services.storage.unknown_collection");
    assertThat(errorOf(engine.listCollections("nope"))).isEqualTo("services.storage.unknown_index");
    assertThat(await(engine.collectionExists("nope", "items"))).isFalse();
  }

  @Test
  void settings_areKeptAndReplaced() throws Exception {
    await(engine.createCollection("shop", "items", null, new JsonObject().put("number_of_shards", 1)));
    assertThat(setting(await(engine.getSettings("shop", "items")), "number_of_shards")).isEqualTo("1");
    await(engine.updateCollection("shop", "items", null, new JsonObject().put("number_of_replicas", 0)));
    assertThat(setting(await(engine.getSettings("shop", "items")), "number_of_replicas")).isEqualTo("0");
  }

  /**
   * A setting as an engine answers it: the embedded engine gives back the settings it was given, Elasticsearch
   * answers all the index's settings under {@code index}, as strings (docs/storage-engines.md).
   */
  private static String setting(JsonObject settings, String key) {
    Object value = settings.containsKey(key) ? settings.getValue(key)
      : settings.getJsonObject("index", new JsonObject()).getValue(key);
    return String.valueOf(value);
  }

  @Test
  void stats_listIndexesAndCollections() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    JsonObject stats = await(engine.stats());
    assertThat(stats.getJsonArray("indexes").getJsonObject(0).getString("name")).isEqualTo("shop");
    assertThat(stats.getJsonArray("indexes").getJsonObject(0).getJsonArray("collections").getJsonObject(0)
      .getString("name")).isEqualTo("items");
  }

  @Test
  void write_createsThenVersionsEachWrite() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    WriteResult created = await(engine.write("shop", "items", "a", new JsonObject().put("n", 1), WriteMode.CREATE,
      false));
    assertThat(created.created()).isTrue();
    assertThat(created.after().version()).isEqualTo(1);
    assertThat(errorOf(engine.write("shop", "items", "a", new JsonObject(), WriteMode.CREATE, false)))
      .isEqualTo("services.storage.document_already_exists");
    WriteResult replaced = await(engine.write("shop", "items", "a", new JsonObject().put("n", 2),
      WriteMode.CREATE_OR_REPLACE, false));
    assertThat(replaced.created()).isFalse();
    assertThat(replaced.before().source().getInteger("n")).isEqualTo(1);
    assertThat(replaced.after().version()).isEqualTo(2);
    assertThat(errorOf(engine.write("shop", "items", "b", new JsonObject(), WriteMode.REPLACE, false)))
      .isEqualTo("services.storage.not_found");
    assertThat(await(engine.get("shop", "items", "a")).source().getInteger("n")).isEqualTo(2);
  }

  @Test
  void write_withoutId_generatesOne() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    WriteResult created = await(engine.write("shop", "items", null, new JsonObject(), WriteMode.CREATE, false));
    assertThat(created.after().id()).hasSize(20);
    assertThat(await(engine.exists("shop", "items", created.after().id()))).isTrue();
  }

  @Test
  void update_deepMergesObjectsAndReplacesArrays() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    await(engine.write("shop", "items", "a", new JsonObject("{\"o\":{\"x\":1,\"y\":2},\"l\":[1,2]}"),
      WriteMode.CREATE, false));
    WriteResult updated = await(engine.update("shop", "items", "a", new JsonObject("{\"o\":{\"y\":3},\"l\":[9]}"),
      false));
    assertThat(updated.after().source()).isEqualTo(new JsonObject("{\"o\":{\"x\":1,\"y\":3},\"l\":[9]}"));
    assertThat(updated.after().version()).isEqualTo(2);
    assertThat(errorOf(engine.update("shop", "items", "nope", new JsonObject(), false)))
      .isEqualTo("services.storage.not_found");
  }

  @Test
  void delete_removesTheDocument() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    await(engine.write("shop", "items", "a", new JsonObject().put("n", 1), WriteMode.CREATE, true));
    WriteResult deleted = await(engine.delete("shop", "items", "a", false));
    assertThat(deleted.before().source().getInteger("n")).isEqualTo(1);
    assertThat(deleted.after()).isNull();
    assertThat(await(engine.exists("shop", "items", "a"))).isFalse();
    assertThat(errorOf(engine.get("shop", "items", "a"))).isEqualTo("services.storage.not_found");
    assertThat(errorOf(engine.delete("shop", "items", "a", false))).isEqualTo("services.storage.not_found");
    await(engine.write("shop", "items", "a", new JsonObject(), WriteMode.CREATE, false));
    // Elasticsearch remembers a deleted document's version for a while and goes on from it: 3 here, 1 embedded.
    assertThat(await(engine.get("shop", "items", "a")).version()).isPositive();
  }

  @Test
  void documents_whenCollectionUnknown_failWithPreconditionErrors() throws Exception {
    assertThat(errorOf(engine.get("nope", "items", "a"))).isEqualTo("services.storage.unknown_index");
    await(engine.createIndex("shop"));
    assertThat(errorOf(engine.write("shop", "nope", "a", new JsonObject(), WriteMode.CREATE, false)))
      .isEqualTo("services.storage.unknown_collection");
  }

  @Test
  void truncate_removesEveryDocument() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    for (int i = 0; i < 10; i++) {
      await(engine.write("shop", "items", "d" + i, new JsonObject(), WriteMode.CREATE, false));
    }
    await(engine.truncate("shop", "items"));
    assertThat(await(engine.exists("shop", "items", "d3"))).isFalse();
    assertThat(await(engine.collectionExists("shop", "items"))).isTrue();
  }

  @Test
  void concurrentWrites_onOneDocument_getDistinctVersions() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    await(engine.write("shop", "items", "a", new JsonObject().put("n", 0), WriteMode.CREATE, false));
    List<Future<WriteResult>> writes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      writes.add(engine.update("shop", "items", "a", new JsonObject().put("u" + i, i), false));
    }
    await(Future.all(writes));
    assertThat(writes.stream().map(w -> w.result().after().version()).distinct().count()).isEqualTo(50);
    StoredDocument last = await(engine.get("shop", "items", "a"));
    assertThat(last.version()).isEqualTo(51);
    assertThat(last.source().size()).isEqualTo(51);
  }
}
