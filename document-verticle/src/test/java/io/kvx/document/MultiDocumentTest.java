package io.kvx.document;

import io.kvx.core.api.Protocol;
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

/** The m* actions and upsert of the document controller, through the pipeline. */
class MultiDocumentTest {

  private static final String TARGET = "\"index\":\"shop\",\"collection\":\"items\"";

  @TempDir
  Path dataDir;
  private DocumentNode node;
  private Vertx vertx;

  @BeforeEach
  void start() throws Exception {
    node = new DocumentNode(dataDir);
    vertx = node.vertx;
    call("{\"controller\":\"collection\",\"action\":\"create\"," + TARGET + "}");
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private JsonObject call(String envelope) throws Exception {
    return node.call(envelope);
  }

  private JsonObject call(String envelope, Protocol protocol) throws Exception {
    return node.call(envelope, protocol);
  }

  private JsonObject action(String action, String rest) throws Exception {
    return call("{\"controller\":\"document\",\"action\":\"" + action + "\"," + TARGET + rest + "}");
  }

  @Test
  void mCreate_withAnExistingId_reportsItAndKeepsTheOthers() throws Exception {
    action("create", ",\"_id\":\"a\",\"body\":{}");
    JsonObject result = action("mCreate", ",\"body\":{\"documents\":[{\"_id\":\"a\",\"body\":{\"n\":1}},"
      + "{\"_id\":\"b\",\"body\":{\"n\":2}},{\"body\":{\"n\":3}}]}").getJsonObject("result");
    JsonArray successes = result.getJsonArray("successes");
    assertThat(successes).hasSize(2);
    assertThat(successes.getJsonObject(0).getString("_id")).isEqualTo("b");
    assertThat(successes.getJsonObject(0).getBoolean("created")).isTrue();
    assertThat(successes.getJsonObject(0).getString("result")).isEqualTo("created");
    assertThat(successes.getJsonObject(0).getInteger("status")).isEqualTo(201);
    JsonObject error = result.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getInteger("status")).isEqualTo(400);
    assertThat(error.getString("reason")).isEqualTo("document already exists");
    assertThat(error.getJsonObject("document").getString("_id")).isEqualTo("a");
  }

  @Test
  void mCreate_whenStrictAndOneFails_answers400WithErrors() throws Exception {
    action("create", ",\"_id\":\"a\",\"body\":{}");
    JsonObject reply = action("mCreate", ",\"strict\":true,\"body\":{\"documents\":[{\"_id\":\"a\",\"body\":{}},"
      + "{\"_id\":\"c\",\"body\":{}}]}");
    assertThat(reply.getInteger("status")).isEqualTo(400);
    JsonObject error = reply.getJsonObject("error");
    assertThat(error.getString("id")).isEqualTo("api.process.incomplete_multiple_request");
    assertThat(error.getInteger("count")).isEqualTo(1);
    assertThat(error.getJsonArray("errors")).hasSize(1);
  }

  @Test
  void mWrites_refuseTooManyItemsAndSourceItems() throws Exception {
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 201; i++) {
      many.append(i == 0 ? "" : ",").append("{\"body\":{}}");
    }
    JsonObject tooMany = action("mCreate", ",\"body\":{\"documents\":" + many + "]}");
    assertThat(tooMany.getInteger("status")).isEqualTo(413);
    assertThat(tooMany.getJsonObject("error").getString("id")).isEqualTo("services.storage.write_limit_exceeded");
    JsonObject sourceItem = action("mCreate", ",\"body\":{\"documents\":[{\"_source\":{}}]}");
    assertThat(sourceItem.getJsonObject("error").getString("id")).isEqualTo("api.assert.unexpected_argument");
  }

  @Test
  void mGetAndMExists_listMissingIds() throws Exception {
    action("create", ",\"_id\":\"a\",\"body\":{\"n\":1}");
    JsonObject got = action("mGet", ",\"body\":{\"ids\":[\"a\",\"nope\"]}").getJsonObject("result");
    assertThat(got.getJsonArray("successes").getJsonObject(0).getJsonObject("_source").getInteger("n")).isEqualTo(1);
    assertThat(got.getJsonArray("errors")).isEqualTo(new JsonArray().add("nope"));
    JsonObject overHttp = call("{\"controller\":\"document\",\"action\":\"mGet\"," + TARGET + ",\"ids\":\"a,nope\"}",
      Protocol.HTTP).getJsonObject("result");
    assertThat(overHttp.getJsonArray("successes")).hasSize(1);
    JsonObject exists = action("mExists", ",\"body\":{\"ids\":[\"a\",\"nope\"]}").getJsonObject("result");
    assertThat(exists).isEqualTo(new JsonObject().put("successes", new JsonArray().add("a"))
      .put("errors", new JsonArray().add("nope")));
    JsonObject strict = action("mGet", ",\"strict\":true,\"body\":{\"ids\":[\"a\",\"nope\"]}");
    assertThat(strict.getJsonObject("error").getString("id")).isEqualTo("api.process.incomplete_multiple_request");
  }

  @Test
  void mUpdateMUpsertMDelete_answerKuzzleShapes() throws Exception {
    action("create", ",\"_id\":\"a\",\"body\":{\"n\":1,\"keep\":true}");
    JsonObject updated = action("mUpdate", ",\"body\":{\"documents\":[{\"_id\":\"a\",\"body\":{\"n\":2}},"
      + "{\"_id\":\"zz\",\"body\":{}}]}").getJsonObject("result");
    JsonObject success = updated.getJsonArray("successes").getJsonObject(0);
    assertThat(success.getJsonObject("_source").getBoolean("keep")).isTrue();
    assertThat(success.getLong("_version")).isEqualTo(2);
    assertThat(updated.getJsonArray("errors").getJsonObject(0).getInteger("status")).isEqualTo(404);
    JsonObject upserted = action("mUpsert", ",\"body\":{\"documents\":[{\"_id\":\"a\",\"changes\":{\"n\":3}},"
      + "{\"_id\":\"b\",\"changes\":{\"n\":4},\"default\":{\"fresh\":true}}]}").getJsonObject("result");
    assertThat(upserted.getJsonArray("successes").getJsonObject(0).getBoolean("created")).isFalse();
    JsonObject created = upserted.getJsonArray("successes").getJsonObject(1);
    assertThat(created.getBoolean("created")).isTrue();
    assertThat(created.getJsonObject("_source").getBoolean("fresh")).isTrue();
    JsonObject deleted = action("mDelete", ",\"body\":{\"ids\":[\"a\",\"b\",\"zz\"]}").getJsonObject("result");
    assertThat(deleted.getJsonArray("successes")).isEqualTo(new JsonArray().add("a").add("b"));
    JsonObject error = deleted.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("_id")).isEqualTo("zz");
    assertThat(error.getInteger("status")).isEqualTo(404);
  }

  @Test
  void upsert_createsThenUpdates() throws Exception {
    JsonObject created = action("upsert", ",\"_id\":\"u\",\"body\":{\"changes\":{\"n\":1},\"default\":{\"d\":true}}")
      .getJsonObject("result");
    assertThat(created.getBoolean("created")).isTrue();
    assertThat(created.getLong("_version")).isEqualTo(1);
    JsonObject updated = action("upsert", ",\"_id\":\"u\",\"source\":true,\"body\":{\"changes\":{\"n\":2}}")
      .getJsonObject("result");
    assertThat(updated.getBoolean("created")).isFalse();
    assertThat(updated.getJsonObject("_source").getBoolean("d")).isTrue();
    assertThat(updated.getJsonObject("_source").getInteger("n")).isEqualTo(2);
  }

  @Test
  void bulkWriteAndMWrite_storeDocumentsAsGivenAndNotifyOnlyWhenAsked() throws Exception {
    List<JsonObject> changes = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DOCUMENT_CHANGES, m -> changes.add(m.body()))
      .completion().await(5, TimeUnit.SECONDS);
    JsonObject written = call("{\"controller\":\"bulk\",\"action\":\"write\"," + TARGET + ",\"_id\":\"w\","
      + "\"body\":{\"n\":1,\"_kuzzle_info\":{\"author\":\"importer\"}}}").getJsonObject("result");
    assertThat(written.getJsonObject("_source").getJsonObject("_kuzzle_info").getString("author"))
      .isEqualTo("importer");
    call("{\"controller\":\"bulk\",\"action\":\"write\"," + TARGET + ",\"_id\":\"w2\",\"notify\":true,"
      + "\"body\":{}}");
    JsonObject many = call("{\"controller\":\"bulk\",\"action\":\"mWrite\"," + TARGET + ",\"body\":"
      + "{\"documents\":[{\"_id\":\"x\",\"body\":{}},{\"body\":{\"y\":1}}]}}").getJsonObject("result");
    assertThat(many.getJsonArray("successes")).hasSize(2);
    Thread.sleep(200);
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).getString("_id")).isEqualTo("w2");
  }

  @Test
  void bulkImport_runsEachLineAndReportsErrorsWithoutNotifying() throws Exception {
    List<JsonObject> changes = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DOCUMENT_CHANGES, m -> changes.add(m.body()))
      .completion().await(5, TimeUnit.SECONDS);
    action("create", ",\"_id\":\"exists\",\"body\":{}");
    changes.clear();
    JsonObject imported = call("{\"controller\":\"bulk\",\"action\":\"import\"," + TARGET + ",\"body\":"
      + "{\"bulkData\":[{\"create\":{\"_id\":\"i1\",\"_index\":\"ignored\"}},{\"n\":1},"
      + "{\"index\":{\"_id\":\"i2\"}},{\"n\":2},{\"create\":{\"_id\":\"exists\"}},{\"n\":3},"
      + "{\"update\":{\"_id\":\"i1\"}},{\"doc\":{\"n\":10}},{\"delete\":{\"_id\":\"i2\"}}]}}")
      .getJsonObject("result");
    JsonArray successes = imported.getJsonArray("successes");
    assertThat(successes).hasSize(4);
    assertThat(successes.getJsonObject(0).getJsonObject("create").getInteger("status")).isEqualTo(201);
    JsonObject error = imported.getJsonArray("errors").getJsonObject(0).getJsonObject("create");
    assertThat(error.getString("_id")).isEqualTo("exists");
    assertThat(error.getInteger("status")).isEqualTo(400);
    assertThat(error.getJsonObject("error").getString("type")).isEqualTo("services.storage.document_already_exists");
    assertThat(action("get", ",\"_id\":\"i1\"").getJsonObject("result").getJsonObject("_source").getInteger("n"))
      .isEqualTo(10);
    Thread.sleep(200);
    assertThat(changes).isEmpty();
    JsonObject broken = call("{\"controller\":\"bulk\",\"action\":\"import\"," + TARGET + ",\"body\":"
      + "{\"bulkData\":[{\"explode\":{}}]}}");
    assertThat(broken.getInteger("status")).isEqualTo(400);
  }

  @Test
  void adminLoadMappingsLoadFixturesResetDatabase_setUpAndTearDownData() throws Exception {
    JsonObject mapped = call("{\"controller\":\"admin\",\"action\":\"loadMappings\",\"body\":{\"fix\":"
      + "{\"people\":{\"properties\":{\"name\":{\"type\":\"keyword\"}}}}}}");
    assertThat(mapped.getJsonObject("result")).isEqualTo(new JsonObject().put("acknowledge", true));
    JsonObject loaded = call("{\"controller\":\"admin\",\"action\":\"loadFixtures\",\"body\":{\"fix\":"
      + "{\"people\":[{\"create\":{\"_id\":\"ann\"}},{\"name\":\"Ann\"},{\"index\":{}},{\"name\":\"Bob\"}]}}}");
    assertThat(loaded.getJsonObject("result")).isEqualTo(new JsonObject().put("acknowledge", true));
    assertThat(call("{\"controller\":\"document\",\"action\":\"get\",\"index\":\"fix\",\"collection\":"
      + "\"people\",\"_id\":\"ann\"}").getJsonObject("result").getJsonObject("_source").getString("name"))
      .isEqualTo("Ann");
    JsonObject failing = call("{\"controller\":\"admin\",\"action\":\"loadFixtures\",\"body\":{\"fix\":"
      + "{\"people\":[{\"create\":{\"_id\":\"ann\"}},{\"name\":\"Ann\"}]}}}");
    assertThat(failing.getJsonObject("error").getString("id")).isEqualTo("api.process.incomplete_multiple_request");
    JsonObject missing = call("{\"controller\":\"admin\",\"action\":\"loadFixtures\",\"body\":{\"fix\":"
      + "{\"nope\":[{\"create\":{}},{}]}}}");
    assertThat(missing.getInteger("status")).isEqualTo(400);
    JsonObject reset = call("{\"controller\":\"admin\",\"action\":\"resetDatabase\"}");
    assertThat(reset.getJsonObject("result")).isEqualTo(new JsonObject().put("acknowledge", true));
    assertThat(call("{\"controller\":\"index\",\"action\":\"list\"}").getJsonObject("result")
      .getJsonArray("indexes")).isEmpty();
  }
}
