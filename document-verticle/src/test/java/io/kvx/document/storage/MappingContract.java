package io.kvx.document.storage;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static io.kvx.document.storage.StorageEngineContract.await;
import static io.kvx.document.storage.StorageEngineContract.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

/** How writes follow a collection's mapping: what becomes searchable, what grows the mapping, what is refused. */
public interface MappingContract extends SearchFixture {

  private void collection(String mapping) throws Exception {
    await(engine().createCollection("shop", "items", mapping == null ? null : new JsonObject(mapping), null));
  }

  private void write(String id, String source) throws Exception {
    await(engine().write("shop", "items", id, new JsonObject(source), WriteMode.CREATE_OR_REPLACE, true));
  }

  @Test
  default void dynamicTrue_mapsNewFieldsAsElasticsearchInfersThem() throws Exception {
    collection("{\"dynamic\":\"true\"}");
    write("a", "{\"title\":\"Hello World\",\"count\":3,\"ratio\":0.5,\"flag\":true,\"when\":\"2024-05-01\","
      + "\"at\":\"2024/05/01 10:00:00\",\"owner\":{\"name\":\"Ann\"},\"list\":[1,2],\"none\":null}");
    JsonObject properties = await(engine().getMapping("shop", "items")).properties();
    assertThat(properties.getJsonObject("title")).isEqualTo(new JsonObject("{\"type\":\"text\",\"fields\":"
      + "{\"keyword\":{\"type\":\"keyword\",\"ignore_above\":256}}}"));
    assertThat(properties.getJsonObject("count").getString("type")).isEqualTo("long");
    assertThat(properties.getJsonObject("ratio").getString("type")).isEqualTo("float");
    assertThat(properties.getJsonObject("flag").getString("type")).isEqualTo("boolean");
    assertThat(properties.getJsonObject("when").getString("type")).isEqualTo("date");
    assertThat(properties.getJsonObject("at").getString("type")).isEqualTo("date");
    assertThat(properties.getJsonObject("list").getString("type")).isEqualTo("long");
    assertThat(properties.getJsonObject("owner").getJsonObject("properties").getJsonObject("name")
      .getString("type")).isEqualTo("text");
    assertThat(properties.containsKey("none")).isFalse();
    assertThat(matching("{\"match\":{\"title\":\"hello\"}}")).containsExactly("a");
    assertThat(matching("{\"term\":{\"title.keyword\":\"Hello World\"}}")).containsExactly("a");
    assertThat(matching("{\"range\":{\"when\":{\"gte\":\"2024-01-01\"}}}")).containsExactly("a");
    assertThat(matching("{\"term\":{\"list\":2}}")).containsExactly("a");
    assertThat(matching("{\"match\":{\"owner.name\":\"ann\"}}")).containsExactly("a");
    assertThat(errorOf(engine().write("shop", "items", "b", new JsonObject().put("count", "many"),
      WriteMode.CREATE, false))).isEqualTo("services.storage.unexpected_bad_request");
    assertThat(errorOf(engine().write("shop", "items", "b", new JsonObject().put("owner", "Bob"),
      WriteMode.CREATE, false))).isEqualTo("services.storage.unexpected_bad_request");
  }

  @Test
  default void dynamicFalse_keepsUnmappedFieldsUnsearchable() throws Exception {
    collection("{\"properties\":{\"name\":{\"type\":\"keyword\"}}}");
    write("a", "{\"name\":\"x\",\"other\":\"y\"}");
    assertThat(matching("{\"term\":{\"name\":\"x\"}}")).containsExactly("a");
    assertThat(matching("{\"term\":{\"other\":\"y\"}}")).isEmpty();
    assertThat(await(engine().get("shop", "items", "a")).source().getString("other")).isEqualTo("y");
    assertThat(await(engine().getMapping("shop", "items")).properties().fieldNames()).containsExactly("name");
  }

  @Test
  default void dynamicStrict_rejectsUnmappedFields_atAnyDepth() throws Exception {
    collection("{\"dynamic\":\"strict\",\"properties\":{\"name\":{\"type\":\"keyword\"},\"meta\":{\"dynamic\":"
      + "\"true\",\"properties\":{}}}}");
    write("a", "{\"name\":\"x\",\"meta\":{\"free\":1}}");
    assertThat(errorOf(engine().write("shop", "items", "b", new JsonObject().put("other", 1), WriteMode.CREATE,
      false))).isEqualTo("services.storage.strict_mapping_rejection");
    assertThat(errorOf(engine().update("shop", "items", "a", new JsonObject().put("other", 1), false)))
      .isEqualTo("services.storage.strict_mapping_rejection");
    assertThat(await(engine().exists("shop", "items", "b"))).isFalse();
    assertThat(matching("{\"term\":{\"meta.free\":1}}")).containsExactly("a");
  }

  @Test
  default void mappingUpdate_indexesNewFieldsOfLaterWrites() throws Exception {
    collection(null);
    write("a", "{\"color\":\"red\"}");
    await(engine().updateCollection("shop", "items", new JsonObject("{\"properties\":{\"color\":{\"type\":"
      + "\"keyword\"}}}"), null));
    write("b", "{\"color\":\"red\"}");
    assertThat(matching("{\"term\":{\"color\":\"red\"}}")).containsExactly("b");
  }

  @Test
  default void kuzzleInfo_isAlwaysMapped() throws Exception {
    collection("{\"dynamic\":\"strict\",\"properties\":{}}");
    write("a", "{\"_kuzzle_info\":{\"author\":\"kuid-1\",\"createdAt\":1700000000000,\"updatedAt\":null,"
      + "\"updater\":null}}");
    write("b", "{\"_kuzzle_info\":{\"author\":\"-1\",\"createdAt\":1600000000000}}");
    assertThat(matching("{\"term\":{\"_kuzzle_info.author\":\"kuid-1\"}}")).containsExactly("a");
    assertThat(matching("{\"range\":{\"_kuzzle_info.createdAt\":{\"lt\":\"2021-01-01\"}}}")).containsExactly("b");
    assertThat(ids("{\"sort\":[{\"_kuzzle_info.createdAt\":\"desc\"}]}")).containsExactly("a", "b");
  }
}
