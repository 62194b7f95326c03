package io.kvx.document;

import io.kvx.core.bus.Addresses;
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

/**
 * document:deleteByQuery, updateByQuery and deleteFields, their bulk variants and lang=koncorde, through the
 * pipeline: Kuzzle's result shapes, limits, errors and change events.
 */
class QueryActionsTest {

  private static final String TARGET = "\"index\":\"shop\",\"collection\":\"items\"";

  @TempDir
  Path dataDir;
  private DocumentNode node;
  private final List<JsonObject> changes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    node = new DocumentNode(dataDir);
    node.call("{\"controller\":\"collection\",\"action\":\"create\"," + TARGET + ",\"body\":{\"mappings\":"
      + "{\"properties\":{\"n\":{\"type\":\"integer\"},\"kind\":{\"type\":\"keyword\"},"
      + "\"tags\":{\"type\":\"keyword\"}}}}}");
    create(0, 12);
    node.vertx.eventBus().<JsonObject>consumer(Addresses.DOCUMENT_CHANGES, m -> changes.add(m.body()))
      .completion().await(5, TimeUnit.SECONDS);
  }

  /** Documents d{from}...d{to - 1}, {@code n} their number, {@code kind} even or odd. */
  private void create(int from, int to) throws Exception {
    JsonArray documents = new JsonArray();
    for (int i = from; i < to; i++) {
      documents.add(new JsonObject().put("_id", "d" + i).put("body", new JsonObject().put("n", i)
        .put("kind", i % 2 == 0 ? "even" : "odd").put("tags", new JsonArray().add("t" + i % 3))));
    }
    action("mCreate", ",\"refresh\":\"wait_for\",\"silent\":true,\"body\":"
      + new JsonObject().put("documents", documents));
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private JsonObject action(String action, String rest) throws Exception {
    return node.call("{\"controller\":\"document\",\"action\":\"" + action + "\"," + TARGET + rest + "}");
  }

  private JsonObject result(String action, String rest) throws Exception {
    JsonObject reply = action(action, rest);
    assertThat(reply.getInteger("status")).as(reply.encode()).isEqualTo(200);
    return reply.getJsonObject("result");
  }

  private long count(String rest) throws Exception {
    return result("count", rest).getLong("count");
  }

  /** The change events published so far, once {@code expected} of them arrived or two seconds passed. */
  private List<JsonObject> changesOf(int expected) throws Exception {
    long deadline = System.currentTimeMillis() + 2000;
    while (changes.size() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(50);
    return List.copyOf(changes);
  }

  @Test
  void deleteByQuery_answersDocumentsAndIds_andPublishesOneDeleteEach() throws Exception {
    JsonObject deleted = result("deleteByQuery", ",\"refresh\":\"wait_for\",\"body\":{\"query\":{\"term\":"
      + "{\"kind\":\"odd\"}}}");
    assertThat(deleted.fieldNames()).containsExactly("documents", "ids");
    assertThat(deleted.getJsonArray("ids")).hasSize(6).contains("d1", "d11");
    assertThat(deleted.getJsonArray("documents").getJsonObject(0).fieldNames()).containsExactly("_id", "body");
    assertThat(deleted.getJsonArray("documents").getJsonObject(0).getJsonObject("body")).isEmpty();
    assertThat(count("")).isEqualTo(6);
    List<JsonObject> events = changesOf(6);
    assertThat(events).hasSize(6).allSatisfy(event -> {
      assertThat(event.getString("change")).isEqualTo("delete");
      assertThat(event.getString("action")).isEqualTo("deleteByQuery");
      assertThat(event.getJsonObject("before").getString("kind")).isEqualTo("odd");
    });
    JsonObject withSource = result("deleteByQuery", ",\"source\":true,\"silent\":true,\"body\":{\"query\":"
      + "{\"term\":{\"n\":0}}}");
    JsonObject item = withSource.getJsonArray("documents").getJsonObject(0);
    assertThat(item.fieldNames()).containsExactly("_id", "_source", "body");
    assertThat(item.getJsonObject("_source").getInteger("n")).isZero();
    Thread.sleep(200);
    assertThat(changes).hasSize(6);
  }

  @Test
  void updateByQuery_answersSuccesses_andPublishesOneUpdateEach() throws Exception {
    JsonObject updated = result("updateByQuery", ",\"refresh\":\"wait_for\",\"source\":true,\"body\":{\"query\":"
      + "{\"term\":{\"kind\":\"even\"}},\"changes\":{\"kind\":\"changed\",\"extra\":{\"x\":1}}}");
    assertThat(updated.fieldNames()).containsExactly("successes", "errors");
    assertThat(updated.getJsonArray("errors")).isEmpty();
    JsonArray successes = updated.getJsonArray("successes");
    assertThat(successes).hasSize(6);
    JsonObject first = successes.getJsonObject(0);
    assertThat(first.fieldNames()).containsExactly("_id", "_source", "_version", "status");
    assertThat(first.getLong("_version")).isEqualTo(2);
    assertThat(first.getInteger("status")).isEqualTo(200);
    assertThat(first.getJsonObject("_source").getJsonObject("_kuzzle_info").getString("updater")).isEqualTo("-1");
    assertThat(count(",\"body\":{\"query\":{\"term\":{\"kind\":\"changed\"}}}")).isEqualTo(6);
    assertThat(changesOf(6)).hasSize(6).allSatisfy(event -> {
      assertThat(event.getString("change")).isEqualTo("update");
      assertThat(event.getJsonObject("after").getJsonObject("extra").getInteger("x")).isEqualTo(1);
    });
    JsonObject quiet = result("updateByQuery", ",\"body\":{\"query\":{\"term\":{\"n\":1}},\"changes\":{\"n\":-1}}");
    assertThat(quiet.getJsonArray("successes").getJsonObject(0).fieldNames())
      .containsExactly("_id", "_version", "status");
    JsonObject refused = result("updateByQuery", ",\"body\":{\"query\":{\"term\":{\"n\":3}},\"changes\":"
      + "{\"n\":\"three\"}}");
    JsonObject error = refused.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("document")).isEqualTo(new JsonObject("{\"_id\":\"d3\",\"body\":{\"n\":"
      + "\"three\"}}"));
    assertThat(error.getInteger("status")).isEqualTo(400);
    assertThat(DocumentNode.errorId(action("updateByQuery", ",\"body\":{\"query\":{}}")))
      .isEqualTo("api.assert.missing_argument");
  }

  @Test
  void writesByQuery_pastTheWriteLimit_answer413AndWriteNothing() throws Exception {
    create(12, 160);
    create(160, 210);
    JsonObject tooMany = action("deleteByQuery", ",\"body\":{}");
    assertThat(tooMany.getInteger("status")).isEqualTo(413);
    assertThat(DocumentNode.errorId(tooMany)).isEqualTo("services.storage.write_limit_exceeded");
    assertThat(DocumentNode.errorId(action("updateByQuery", ",\"body\":{\"query\":{},\"changes\":{\"n\":1}}")))
      .isEqualTo("services.storage.write_limit_exceeded");
    assertThat(count("")).isEqualTo(210);
    JsonObject bulk = node.call("{\"controller\":\"bulk\",\"action\":\"deleteByQuery\"," + TARGET
      + ",\"refresh\":\"wait_for\",\"body\":{\"query\":{\"range\":{\"n\":{\"gte\":10}}}}}");
    assertThat(bulk.getJsonObject("result")).isEqualTo(new JsonObject().put("deleted", 200));
    assertThat(count("")).isEqualTo(10);
    Thread.sleep(200);
    assertThat(changes).isEmpty();
  }

  @Test
  void bulkUpdateByQuery_mergesChangesAsGiven_withoutChangeEvents() throws Exception {
    JsonObject updated = node.call("{\"controller\":\"bulk\",\"action\":\"updateByQuery\"," + TARGET
      + ",\"refresh\":\"wait_for\",\"body\":{\"query\":{\"term\":{\"kind\":\"odd\"}},\"changes\":{\"kind\":\"x\"}}}");
    assertThat(updated.getJsonObject("result")).isEqualTo(new JsonObject().put("updated", 6));
    assertThat(count(",\"body\":{\"query\":{\"term\":{\"kind\":\"x\"}}}")).isEqualTo(6);
    JsonObject d1 = result("get", ",\"_id\":\"d1\"").getJsonObject("_source");
    assertThat(d1.getJsonObject("_kuzzle_info").getValue("updater")).isNull();
    JsonObject refused = node.call("{\"controller\":\"bulk\",\"action\":\"updateByQuery\"," + TARGET
      + ",\"body\":{\"query\":{\"term\":{\"n\":1}},\"changes\":{\"n\":\"one\"}}}");
    assertThat(DocumentNode.errorId(refused)).isEqualTo("services.storage.incomplete_update");
    Thread.sleep(200);
    assertThat(changes).isEmpty();
  }

  @Test
  void deleteFields_removesLodashPaths_andPublishesAnUpdate() throws Exception {
    action("create", ",\"_id\":\"f\",\"silent\":true,\"body\":{\"a\":{\"b\":1,\"c\":2},\"l\":[{\"x\":1},2]}");
    JsonObject deleted = result("deleteFields", ",\"_id\":\"f\",\"body\":{\"fields\":[\"a.b\",\"l[0].x\"]}");
    assertThat(deleted).isEqualTo(new JsonObject().put("_id", "f").put("_version", 2));
    JsonObject source = result("get", ",\"_id\":\"f\"").getJsonObject("_source");
    assertThat(source.getJsonObject("a")).isEqualTo(new JsonObject().put("c", 2));
    assertThat(source.getJsonArray("l")).isEqualTo(new JsonArray("[{},2]"));
    assertThat(source.getJsonObject("_kuzzle_info").getString("updater")).isEqualTo("-1");
    JsonObject withSource = result("deleteFields", ",\"_id\":\"f\",\"source\":true,\"body\":{\"fields\":[\"l\"]}");
    assertThat(withSource.fieldNames()).containsExactly("_id", "_version", "_source");
    assertThat(withSource.getJsonObject("_source").containsKey("l")).isFalse();
    assertThat(changesOf(2)).extracting(event -> event.getString("change")).containsExactly("update", "update");
    assertThat(DocumentNode.errorId(action("deleteFields", ",\"_id\":\"f\",\"body\":{\"fields\":[1]}")))
      .isEqualTo("api.assert.invalid_type");
    assertThat(DocumentNode.errorId(action("deleteFields", ",\"_id\":\"nope\",\"body\":{\"fields\":[\"a\"]}")))
      .isEqualTo("services.storage.not_found");
  }

  @Test
  void langKoncorde_translatesFiltersForSearchCountAndWritesByQuery() throws Exception {
    String koncorde = ",\"lang\":\"koncorde\",\"body\":{\"query\":";
    assertThat(count(koncorde + "{\"and\":[{\"equals\":{\"kind\":\"odd\"}},{\"range\":{\"n\":{\"gte\":5}}}]}}"))
      .isEqualTo(4);
    assertThat(count(koncorde + "{\"or\":[{\"ids\":{\"values\":[\"d0\"]}},{\"in\":{\"kind\":[\"odd\"]}}]}}"))
      .isEqualTo(7);
    assertThat(count(koncorde + "{\"not\":{\"exists\":\"kind\"}}}")).isZero();
    assertThat(count(koncorde + "{\"missing\":{\"field\":\"nope\"}}}")).isEqualTo(12);
    assertThat(count(koncorde + "{\"exists\":\"tags[\\\"t1\\\"]\"}}")).isEqualTo(4);
    assertThat(count(koncorde + "{}}")).isEqualTo(12);
    JsonObject hits = result("search", koncorde + "{\"equals\":{\"n\":3}},\"sort\":[\"n\"]}");
    assertThat(hits.getJsonArray("hits").getJsonObject(0).getString("_id")).isEqualTo("d3");
    JsonObject deleted = result("deleteByQuery", koncorde + "{\"range\":{\"n\":{\"lt\":2}}}}");
    assertThat(deleted.getJsonArray("ids")).containsExactlyInAnyOrder("d0", "d1");
    JsonObject bool = action("count", koncorde + "{\"bool\":{\"must\":[]}}}");
    assertThat(bool.getInteger("status")).isEqualTo(400);
    assertThat(DocumentNode.errorId(bool)).isEqualTo("api.assert.koncorde_restricted_keyword");
    assertThat(bool.getJsonObject("error").getString("message"))
      .isEqualTo("The operator \"bool\" of Koncorde DSL is not supported for search queries.");
    assertThat(DocumentNode.errorId(action("count", koncorde + "{\"and\":{}}}")))
      .isEqualTo("api.assert.koncorde_dsl_error");
    assertThat(DocumentNode.errorId(action("count", koncorde + "{\"equals\":{\"n\":1},\"exists\":\"n\"}}")))
      .isEqualTo("api.assert.koncorde_dsl_error");
    assertThat(DocumentNode.errorId(action("search", koncorde + "[]}"))).isEqualTo("api.assert.invalid_type");
  }
}
