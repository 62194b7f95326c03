package io.kvx.document;

import io.kvx.core.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The index and collection controllers through the pipeline, as a client reaches them. */
class DataControllersTest {

  @TempDir
  Path dataDir;
  private DocumentNode node;
  private Vertx vertx;

  @BeforeEach
  void start() throws Exception {
    node = new DocumentNode(dataDir);
    vertx = node.vertx;
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private JsonObject call(String envelope) throws Exception {
    return node.call(envelope);
  }

  private static String errorId(JsonObject envelope) {
    return DocumentNode.errorId(envelope);
  }

  @Test
  void indexCreate_answersWithoutResult_thenExistsAndLists() throws Exception {
    JsonObject created = call("{\"controller\":\"index\",\"action\":\"create\",\"index\":\"shop\"}");
    assertThat(created.getInteger("status")).isEqualTo(200);
    assertThat(created.containsKey("result")).isFalse();
    assertThat(call("{\"controller\":\"index\",\"action\":\"exists\",\"index\":\"shop\"}").getBoolean("result"))
      .isTrue();
    JsonObject again = call("{\"controller\":\"index\",\"action\":\"create\",\"index\":\"shop\"}");
    assertThat(again.getInteger("status")).isEqualTo(412);
    assertThat(errorId(again)).isEqualTo("services.storage.index_already_exists");
    assertThat(again.getJsonObject("error").getString("message")).isEqualTo("A public index named \"shop\" already "
      + "exists");
    call("{\"controller\":\"collection\",\"action\":\"create\",\"index\":\"shop\",\"collection\":\"items\"}");
    JsonObject list = call("{\"controller\":\"index\",\"action\":\"list\",\"countCollection\":true}")
      .getJsonObject("result");
    assertThat(list).isEqualTo(new JsonObject().put("indexes", new JsonArray().add("shop"))
      .put("collections", new JsonObject().put("shop", 1)));
  }

  @Test
  void indexCreate_whenNameInvalid_answers400() throws Exception {
    JsonObject reply = call("{\"controller\":\"index\",\"action\":\"create\",\"index\":\"Bad.Name\"}");
    assertThat(reply.getInteger("status")).isEqualTo(400);
    assertThat(errorId(reply)).isEqualTo("services.storage.invalid_index_name");
  }

  @Test
  void indexDeleteAndMDelete_answerKuzzleShapes() throws Exception {
    call("{\"controller\":\"index\",\"action\":\"create\",\"index\":\"a\"}");
    call("{\"controller\":\"index\",\"action\":\"create\",\"index\":\"b\"}");
    call("{\"controller\":\"index\",\"action\":\"create\",\"index\":\"c\"}");
    assertThat(call("{\"controller\":\"index\",\"action\":\"delete\",\"index\":\"a\"}").getJsonObject("result"))
      .isEqualTo(new JsonObject().put("acknowledged", true));
    JsonObject unknown = call("{\"controller\":\"index\",\"action\":\"delete\",\"index\":\"a\"}");
    assertThat(unknown.getInteger("status")).isEqualTo(412);
    assertThat(errorId(unknown)).isEqualTo("services.storage.unknown_index");
    JsonObject deleted = call("{\"controller\":\"index\",\"action\":\"mDelete\",\"body\":{\"indexes\":[\"b\",\"x\","
      + "\"c\"]}}").getJsonObject("result");
    assertThat(deleted).isEqualTo(new JsonObject().put("deleted", new JsonArray().add("b").add("c")));
  }

  @Test
  void collectionCreate_withMappings_thenGetMappingAndUpdate() throws Exception {
    JsonObject created = call("{\"controller\":\"collection\",\"action\":\"create\",\"index\":\"shop\","
      + "\"collection\":\"items\",\"body\":{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"name\":"
      + "{\"type\":\"keyword\"}}}}}");
    assertThat(created.getJsonObject("result")).isEqualTo(new JsonObject().put("acknowledged", true));
    JsonObject mapping = call("{\"controller\":\"collection\",\"action\":\"getMapping\",\"index\":\"shop\","
      + "\"collection\":\"items\"}").getJsonObject("result");
    assertThat(mapping.getString("dynamic")).isEqualTo("strict");
    assertThat(mapping.getJsonObject("properties").fieldNames()).containsExactly("name");
    JsonObject withMeta = call("{\"controller\":\"collection\",\"action\":\"getMapping\",\"index\":\"shop\","
      + "\"collection\":\"items\",\"includeKuzzleMeta\":true}").getJsonObject("result");
    assertThat(withMeta.getJsonObject("properties").fieldNames()).contains("_kuzzle_info");
    JsonObject update = call("{\"controller\":\"collection\",\"action\":\"update\",\"index\":\"shop\","
      + "\"collection\":\"items\",\"body\":{\"mappings\":{\"properties\":{\"name\":{\"type\":\"text\"}}}}}");
    assertThat(update.getInteger("status")).isEqualTo(400);
    assertThat(errorId(update)).isEqualTo("services.storage.cannot_change_mapping");
    JsonObject legacy = call("{\"controller\":\"collection\",\"action\":\"create\",\"index\":\"shop\","
      + "\"collection\":\"old\",\"body\":{\"properties\":{\"n\":{\"type\":\"long\"}}}}");
    assertThat(legacy.getInteger("status")).isEqualTo(200);
    assertThat(call("{\"controller\":\"collection\",\"action\":\"getMapping\",\"index\":\"shop\","
      + "\"collection\":\"old\"}").getJsonObject("result").getJsonObject("properties").fieldNames())
      .containsExactly("n");
  }

  @Test
  void collectionList_isSortedAndPaginated() throws Exception {
    for (String name : new String[] {"c", "a", "b"}) {
      call("{\"controller\":\"collection\",\"action\":\"create\",\"index\":\"shop\",\"collection\":\"" + name
        + "\"}");
    }
    JsonObject all = call("{\"controller\":\"collection\",\"action\":\"list\",\"index\":\"shop\"}")
      .getJsonObject("result");
    assertThat(all.getJsonArray("collections").stream().map(c -> ((JsonObject) c).getString("name")))
      .containsExactly("a", "b", "c");
    assertThat(all.getString("type")).isEqualTo("all");
    JsonObject page = call("{\"controller\":\"collection\",\"action\":\"list\",\"index\":\"shop\",\"from\":1,"
      + "\"size\":1}").getJsonObject("result");
    assertThat(page.getJsonArray("collections")).isEqualTo(new JsonArray().add(new JsonObject().put("name", "b")
      .put("type", "stored")));
    assertThat(page.getInteger("from")).isEqualTo(1);
    assertThat(errorId(call("{\"controller\":\"collection\",\"action\":\"list\",\"index\":\"nope\"}")))
      .isEqualTo("services.storage.unknown_index");
  }

  @Test
  void collectionExistsDeleteTruncate_answerKuzzleShapes() throws Exception {
    assertThat(call("{\"controller\":\"collection\",\"action\":\"exists\",\"index\":\"no\",\"collection\":\"c\"}")
      .getBoolean("result")).isFalse();
    call("{\"controller\":\"collection\",\"action\":\"create\",\"index\":\"shop\",\"collection\":\"items\"}");
    assertThat(call("{\"controller\":\"collection\",\"action\":\"truncate\",\"index\":\"shop\",\"collection\":"
      + "\"items\"}").getJsonObject("result")).isEqualTo(new JsonObject().put("acknowledged", true));
    JsonObject deleted = call("{\"controller\":\"collection\",\"action\":\"delete\",\"index\":\"shop\","
      + "\"collection\":\"items\"}");
    assertThat(deleted.getInteger("status")).isEqualTo(200);
    assertThat(deleted.getValue("result")).isNull();
    JsonObject gone = call("{\"controller\":\"collection\",\"action\":\"getMapping\",\"index\":\"shop\","
      + "\"collection\":\"items\"}");
    assertThat(gone.getInteger("status")).isEqualTo(412);
    assertThat(errorId(gone)).isEqualTo("services.storage.unknown_collection");
    assertThat(errorId(call("{\"controller\":\"collection\",\"action\":\"create\",\"index\":\"shop\","
      + "\"collection\":\"_kuzzle_keep\"}"))).isEqualTo("services.storage.collection_reserved");
  }

  @Test
  void storageHealth_isAnswered() throws Exception {
    JsonObject health = vertx.eventBus().<JsonObject>request(Addresses.STORAGE_HEALTH, new JsonObject())
      .await(10, TimeUnit.SECONDS).body();
    assertThat(health.getInteger("indexes")).isZero();
  }

  @Test
  void documentCreate_answersKuzzleShapeWithMetadata() throws Exception {
    call("{\"controller\":\"collection\",\"action\":\"create\",\"index\":\"shop\",\"collection\":\"items\"}");
    JsonObject created = call("{\"controller\":\"document\",\"action\":\"create\",\"index\":\"shop\","
      + "\"collection\":\"items\",\"_id\":\"a\",\"body\":{\"name\":\"pear\",\"_kuzzle_info\":{\"author\":\"x\"}}}")
      .getJsonObject("result");
    assertThat(created.getString("_id")).isEqualTo("a");
    assertThat(created.getLong("_version")).isEqualTo(1);
    JsonObject info = created.getJsonObject("_source").getJsonObject("_kuzzle_info");
    assertThat(info.getString("author")).isEqualTo("-1");
    assertThat(info.getLong("createdAt")).isPositive();
    assertThat(info.containsKey("updatedAt")).isTrue();
    assertThat(info.getValue("updatedAt")).isNull();
    JsonObject again = call("{\"controller\":\"document\",\"action\":\"create\",\"index\":\"shop\","
      + "\"collection\":\"items\",\"_id\":\"a\",\"body\":{}}");
    assertThat(again.getInteger("status")).isEqualTo(400);
    assertThat(errorId(again)).isEqualTo("services.storage.document_already_exists");
    JsonObject missing = call("{\"controller\":\"document\",\"action\":\"get\",\"index\":\"shop\","
      + "\"collection\":\"items\",\"_id\":\"zz\"}");
    assertThat(missing.getInteger("status")).isEqualTo(404);
    assertThat(missing.getJsonObject("error").getString("message"))
      .isEqualTo("Document \"zz\" not found in \"shop\":\"items\".");
    assertThat(errorId(call("{\"controller\":\"document\",\"action\":\"get\",\"index\":\"shop\","
      + "\"collection\":\"items\",\"_id\":\"_search\"}"))).isEqualTo("services.storage.search_as_an_id");
    assertThat(errorId(call("{\"controller\":\"document\",\"action\":\"create\",\"index\":\"nope\","
      + "\"collection\":\"items\",\"body\":{}}"))).isEqualTo("services.storage.unknown_index");
  }

  @Test
  void documentUpdateReplaceDelete_answerKuzzleShapesAndPublishChanges() throws Exception {
    List<JsonObject> changes = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DOCUMENT_CHANGES, m -> changes.add(m.body()))
      .completion().await(5, TimeUnit.SECONDS);
    call("{\"controller\":\"collection\",\"action\":\"create\",\"index\":\"shop\",\"collection\":\"items\"}");
    call("{\"controller\":\"document\",\"action\":\"create\",\"index\":\"shop\",\"collection\":\"items\","
      + "\"_id\":\"a\",\"body\":{\"name\":\"pear\",\"price\":1}}");
    JsonObject updated = call("{\"controller\":\"document\",\"action\":\"update\",\"index\":\"shop\","
      + "\"collection\":\"items\",\"_id\":\"a\",\"body\":{\"price\":2}}").getJsonObject("result");
    assertThat(updated.getLong("_version")).isEqualTo(2);
    assertThat(updated.getJsonObject("_source").fieldNames()).containsExactlyInAnyOrder("price", "_kuzzle_info");
    JsonObject full = call("{\"controller\":\"document\",\"action\":\"update\",\"index\":\"shop\","
      + "\"collection\":\"items\",\"_id\":\"a\",\"source\":true,\"body\":{\"price\":3}}").getJsonObject("result");
    assertThat(full.getJsonObject("_source").getString("name")).isEqualTo("pear");
    assertThat(full.getJsonObject("_source").getJsonObject("_kuzzle_info").getString("updater")).isEqualTo("-1");
    JsonObject replaced = call("{\"controller\":\"document\",\"action\":\"createOrReplace\",\"index\":\"shop\","
      + "\"collection\":\"items\",\"_id\":\"a\",\"body\":{\"name\":\"apple\"}}").getJsonObject("result");
    assertThat(replaced.getBoolean("created")).isFalse();
    assertThat(replaced.getLong("_version")).isEqualTo(4);
    call("{\"controller\":\"document\",\"action\":\"update\",\"index\":\"shop\",\"collection\":\"items\","
      + "\"_id\":\"a\",\"silent\":true,\"body\":{\"quiet\":true}}");
    JsonObject deleted = call("{\"controller\":\"document\",\"action\":\"delete\",\"index\":\"shop\","
      + "\"collection\":\"items\",\"_id\":\"a\"}").getJsonObject("result");
    assertThat(deleted).isEqualTo(new JsonObject().put("_id", "a"));
    assertThat(call("{\"controller\":\"document\",\"action\":\"exists\",\"index\":\"shop\","
      + "\"collection\":\"items\",\"_id\":\"a\"}").getBoolean("result")).isFalse();
    long deadline = System.currentTimeMillis() + 5000;
    while (changes.size() < 5 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(changes.stream().map(c -> c.getString("action")))
      .containsExactly("create", "update", "update", "createOrReplace", "delete");
    JsonObject last = changes.get(4);
    assertThat(last.getJsonObject("before").getString("name")).isEqualTo("apple");
    assertThat(last.getValue("after")).isNull();
    assertThat(changes.get(1).getJsonObject("before").getInteger("price")).isEqualTo(1);
    assertThat(changes.get(1).getJsonObject("after").getInteger("price")).isEqualTo(2);
  }
}
