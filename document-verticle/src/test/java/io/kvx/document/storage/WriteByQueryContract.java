package io.kvx.document.storage;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes by query and field deletions every engine must make alike, on the {@link SearchFixture} products. */
public interface WriteByQueryContract extends SearchFixture {

  private static JsonObject body(String query) {
    return new JsonObject().put("query", new JsonObject(query));
  }

  @Test
  default void deleteByQuery_deletesTheMatches_andAnswersThemAsTheyWere() throws Exception {
    products();
    QueryWrites deleted = StorageEngineContract.await(engine().deleteByQuery("shop", "items",
      body("{\"term\":{\"brand\":\"acme\"}}"), 200, true));
    assertThat(deleted.written()).extracting(w -> w.before().id()).containsExactlyInAnyOrder("a", "c");
    assertThat(deleted.written()).allSatisfy(w -> assertThat(w.after()).isNull());
    assertThat(deleted.written().get(0).before().source().getString("brand")).isEqualTo("acme");
    assertThat(deleted.failed()).isEmpty();
    assertThat(matching("{\"match_all\":{}}")).containsExactly("b", "d");
    assertThat(StorageEngineContract.await(engine().exists("shop", "items", "a"))).isFalse();
    QueryWrites none = StorageEngineContract.await(engine().deleteByQuery("shop", "items",
      body("{\"term\":{\"brand\":\"acme\"}}"), 200, false));
    assertThat(none.written()).isEmpty();
  }

  @Test
  default void writesByQuery_pastTheLimit_writeNothing() throws Exception {
    products();
    assertThat(StorageEngineContract.errorOf(engine().deleteByQuery("shop", "items", body("{\"match_all\":{}}"), 3,
      true))).isEqualTo("services.storage.write_limit_exceeded");
    assertThat(StorageEngineContract.errorOf(engine().updateByQuery("shop", "items", body("{\"match_all\":{}}"),
      new JsonObject().put("brand", "x"), 3, true))).isEqualTo("services.storage.write_limit_exceeded");
    assertThat(matching("{\"term\":{\"brand\":\"x\"}}")).isEmpty();
    assertThat(matching("{\"match_all\":{}}")).hasSize(4);
    assertThat(StorageEngineContract.errorOf(engine().deleteByQuery("shop", "nope", body("{}"), 3, true)))
      .isEqualTo("services.storage.unknown_collection");
    assertThat(StorageEngineContract.errorOf(engine().deleteByQuery("shop", "items", body("{\"nope\":{}}"), 3,
      true))).isEqualTo("services.storage.unknown_query_keyword");
  }

  @Test
  default void updateByQuery_mergesTheChanges_andSeesUnrefreshedWrites() throws Exception {
    products();
    StorageEngineContract.await(engine().update("shop", "items", "b", new JsonObject().put("brand", "acme"),
      false));
    QueryWrites updated = StorageEngineContract.await(engine().updateByQuery("shop", "items",
      body("{\"term\":{\"brand\":\"acme\"}}"), new JsonObject("{\"price\":1,\"maker\":{\"city\":\"x\"}}"), 200,
      true));
    assertThat(updated.written()).extracting(w -> w.after().id()).containsExactlyInAnyOrder("a", "b", "c");
    StoredDocument a = StorageEngineContract.await(engine().get("shop", "items", "a"));
    assertThat(a.version()).isEqualTo(2);
    assertThat(a.source().getJsonObject("maker")).isEqualTo(new JsonObject("{\"country\":\"fr\",\"city\":\"x\"}"));
    assertThat(matching("{\"term\":{\"price\":1}}")).containsExactly("a", "b", "c");
  }

  @Test
  default void updateByQuery_leavesTheDocumentsTheMappingRefuses() throws Exception {
    products();
    QueryWrites updated = StorageEngineContract.await(engine().updateByQuery("shop", "items",
      body("{\"match_all\":{}}"), new JsonObject().put("price", "not a number"), 200, true));
    assertThat(updated.written()).isEmpty();
    assertThat(updated.failed()).hasSize(4).allSatisfy(failure ->
      assertThat(failure.error().id()).isEqualTo("services.storage.unexpected_bad_request"));
    assertThat(StorageEngineContract.await(engine().get("shop", "items", "a")).version()).isEqualTo(1);
  }

  @Test
  default void deleteFields_removesPaths_andIgnoresMissingOnes() throws Exception {
    products();
    WriteResult result = StorageEngineContract.await(engine().deleteFields("shop", "items", "a",
      List.of("maker.country", "tags[0]", "rating", "no.such.field"), new JsonObject().put("stock", false), true));
    JsonObject source = result.after().source();
    assertThat(source.getJsonObject("maker")).isEqualTo(new JsonObject());
    assertThat(source.getJsonArray("tags").getList()).containsExactly(null, "red");
    assertThat(source.containsKey("rating")).isFalse();
    assertThat(source.getBoolean("stock")).isFalse();
    assertThat(result.after().version()).isEqualTo(2);
    assertThat(matching("{\"exists\":{\"field\":\"rating\"}}")).containsExactly("b", "c");
    assertThat(StorageEngineContract.errorOf(engine().deleteFields("shop", "items", "nope", List.of("a"),
      new JsonObject(), false))).isEqualTo("services.storage.not_found");
  }
}
