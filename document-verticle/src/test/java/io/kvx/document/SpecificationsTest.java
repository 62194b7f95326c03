package io.kvx.document;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Collection specifications through the pipeline: the collection actions, and their checks on document writes. */
class SpecificationsTest {

  private static final JsonObject SPEC = new JsonObject().put("strict", true).put("fields", new JsonObject()
    .put("name", field("string").put("mandatory", true)
      .put("typeOptions", new JsonObject().put("length", new JsonObject().put("min", 2))))
    .put("price", field("numeric").put("typeOptions", new JsonObject().put("range", new JsonObject().put("min", 0))))
    .put("state", field("enum").put("defaultValue", "draft")
      .put("typeOptions", new JsonObject().put("values", new JsonArray().add("draft").add("sold"))))
    .put("tags", field("string").put("multivalued", new JsonObject().put("value", true).put("maxCount", 2)))
    .put("address", field("object").put("typeOptions", new JsonObject().put("strict", false)))
    .put("address/city", field("string").put("mandatory", true))
    .put("address/zip", field("integer")));

  @TempDir
  Path dataDir;
  private DocumentNode node;

  @BeforeEach
  void start() throws Exception {
    node = new DocumentNode(dataDir);
    call(request("collection", "create"));
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private static JsonObject field(String type) {
    return new JsonObject().put("type", type);
  }

  private static JsonObject request(String controller, String action) {
    return new JsonObject().put("controller", controller).put("action", action).put("index", "shop")
      .put("collection", "items");
  }

  private JsonObject call(JsonObject request) throws Exception {
    return node.call(request.encode());
  }

  private JsonObject create(JsonObject body) throws Exception {
    return call(request("document", "create").put("body", body));
  }

  private void specify() throws Exception {
    assertThat(call(request("collection", "updateSpecifications").put("body", SPEC)).getJsonObject("result"))
      .isEqualTo(SPEC);
  }

  @Test
  void updateGetDelete_answerKuzzleShapes() throws Exception {
    JsonObject none = call(request("collection", "getSpecifications"));
    assertThat(none.getInteger("status")).isEqualTo(404);
    assertThat(DocumentNode.errorId(none)).isEqualTo("validation.assert.not_found");
    specify();
    assertThat(call(request("collection", "getSpecifications")).getJsonObject("result")).isEqualTo(new JsonObject()
      .put("index", "shop").put("collection", "items").put("validation", SPEC));
    JsonObject search = call(new JsonObject().put("controller", "collection").put("action", "searchSpecifications")
      .put("body", new JsonObject().put("query", new JsonObject().put("term", new JsonObject().put("index", "shop")))))
      .getJsonObject("result");
    assertThat(search.getLong("total")).isEqualTo(1);
    assertThat(search.getJsonArray("hits").getJsonObject(0).getString("_id")).isEqualTo("shop#items");
    JsonObject deleted = call(request("collection", "deleteSpecifications"));
    assertThat(deleted.getJsonObject("result")).isEqualTo(new JsonObject().put("acknowledged", true));
    assertThat(call(request("collection", "deleteSpecifications")).getInteger("status")).isEqualTo(200);
    assertThat(call(request("collection", "getSpecifications")).getInteger("status")).isEqualTo(404);
    assertThat(create(new JsonObject().put("anything", 1)).getInteger("status")).isEqualTo(200);
  }

  @Test
  void searchSpecifications_pagesWithScrolls() throws Exception {
    call(request("collection", "create").put("collection", "others"));
    specify();
    call(request("collection", "updateSpecifications").put("collection", "others").put("body", SPEC));
    JsonObject first = call(new JsonObject().put("controller", "collection").put("action", "searchSpecifications")
      .put("size", 1).put("scroll", "10s")).getJsonObject("result");
    assertThat(first.getLong("total")).isEqualTo(2);
    assertThat(first.getJsonArray("hits")).hasSize(1);
    JsonObject next = call(new JsonObject().put("controller", "collection").put("action", "scrollSpecifications")
      .put("scrollId", first.getString("scrollId"))).getJsonObject("result");
    assertThat(next.getJsonArray("hits")).hasSize(1);
    assertThat(next.getJsonArray("hits").getJsonObject(0).getString("_id"))
      .isNotEqualTo(first.getJsonArray("hits").getJsonObject(0).getString("_id"));
    JsonObject tooLong = call(new JsonObject().put("controller", "collection").put("action", "searchSpecifications")
      .put("scroll", "1d"));
    assertThat(DocumentNode.errorId(tooLong)).isEqualTo("services.storage.scroll_duration_too_great");
  }

  @Test
  void specificationActions_onUnknownCollection_answer412() throws Exception {
    JsonObject missing = call(request("collection", "updateSpecifications").put("collection", "nope")
      .put("body", SPEC));
    assertThat(missing.getInteger("status")).isEqualTo(412);
    assertThat(DocumentNode.errorId(missing)).isEqualTo("services.storage.unknown_collection");
    JsonObject validate = call(request("document", "validate").put("index", "nowhere").put("body", new JsonObject()));
    assertThat(DocumentNode.errorId(validate)).isEqualTo("services.storage.unknown_index");
  }

  @Test
  void invalidSpecifications_areRefusedWithEveryProblem() throws Exception {
    JsonObject bad = new JsonObject().put("fields", new JsonObject()
      .put("a", field("strin"))
      .put("b", new JsonObject().put("mandatory", true))
      .put("c", field("enum"))
      .put("d", field("string").put("multivalued", new JsonObject().put("value", false).put("maxCount", 2))));
    JsonObject refused = call(request("collection", "updateSpecifications").put("body", bad));
    assertThat(refused.getInteger("status")).isEqualTo(400);
    assertThat(DocumentNode.errorId(refused)).isEqualTo("validation.assert.invalid_specifications");
    JsonObject checked = call(request("collection", "validateSpecifications").put("body", bad))
      .getJsonObject("result");
    assertThat(checked.getBoolean("valid")).isFalse();
    assertThat(checked.getString("description")).isNotEmpty();
    assertThat(checked.getJsonArray("details")).hasSize(4);
    assertThat(checked.getJsonArray("details").getString(0)).isEqualTo("In \"shop.items.a\": unknown type \"strin\".");
    assertThat(call(request("collection", "validateSpecifications").put("body", SPEC)).getJsonObject("result"))
      .isEqualTo(new JsonObject().put("valid", true));
    JsonObject orphan = new JsonObject().put("fields", new JsonObject().put("a/b", field("string")));
    assertThat(call(request("collection", "validateSpecifications").put("body", orphan)).getJsonObject("result")
      .getBoolean("valid")).isFalse();
    JsonObject scalarParent = new JsonObject().put("fields", new JsonObject().put("a", field("string"))
      .put("a/b", field("string")));
    assertThat(call(request("collection", "updateSpecifications").put("body", scalarParent)).getInteger("status"))
      .isEqualTo(400);
  }

  @Test
  void create_isCheckedAndCompletedWithDefaults() throws Exception {
    specify();
    JsonObject created = create(new JsonObject().put("name", "lamp").put("address", new JsonObject()
      .put("city", "Paris").put("floor", 2))).getJsonObject("result");
    assertThat(created.getJsonObject("_source").getString("state")).isEqualTo("draft");
    JsonObject wrongType = create(new JsonObject().put("name", "lamp").put("price", "cheap"));
    assertThat(wrongType.getInteger("status")).isEqualTo(400);
    assertThat(DocumentNode.errorId(wrongType)).isEqualTo("validation.check.failed_field");
    assertThat(wrongType.getJsonObject("error").getString("message")).startsWith("Validation failed. Field \"price\"");
    JsonObject missing = create(new JsonObject().put("price", 3));
    assertThat(missing.getJsonObject("error").getString("message")).contains("\"name\"");
    JsonObject undeclared = create(new JsonObject().put("name", "lamp").put("color", "red"));
    assertThat(DocumentNode.errorId(undeclared)).isEqualTo("validation.check.failed_document");
    assertThat(undeclared.getJsonObject("error").getString("message")).contains("color");
    JsonObject nested = create(new JsonObject().put("name", "lamp").put("address", new JsonObject().put("zip", 1.5)));
    assertThat(nested.getJsonObject("error").getString("message")).contains("\"address.city\"");
    JsonObject tooMany = create(new JsonObject().put("name", "lamp").put("tags", new JsonArray().add("a").add("b")
      .add("c")));
    assertThat(tooMany.getJsonObject("error").getString("message")).contains("\"tags\"");
  }

  @Test
  void updateAndReplace_checkTheResultingDocument() throws Exception {
    specify();
    call(request("document", "create").put("_id", "l1").put("body", new JsonObject().put("name", "lamp")));
    JsonObject update = call(request("document", "update").put("_id", "l1")
      .put("body", new JsonObject().put("price", 12)));
    assertThat(update.getInteger("status")).isEqualTo(200);
    JsonObject refused = call(request("document", "update").put("_id", "l1")
      .put("body", new JsonObject().put("price", -1)));
    assertThat(DocumentNode.errorId(refused)).isEqualTo("validation.check.failed_field");
    JsonObject removesMandatory = call(request("document", "update").put("_id", "l1")
      .put("body", new JsonObject().putNull("name")));
    assertThat(removesMandatory.getInteger("status")).isEqualTo(400);
    JsonObject replace = call(request("document", "replace").put("_id", "l1")
      .put("body", new JsonObject().put("price", 1)));
    assertThat(replace.getInteger("status")).isEqualTo(400);
    JsonObject stored = call(request("document", "get").put("_id", "l1")).getJsonObject("result");
    assertThat(stored.getJsonObject("_source").getInteger("price")).isEqualTo(12);
    JsonObject upsert = call(request("document", "upsert").put("_id", "l2")
      .put("body", new JsonObject().put("changes", new JsonObject().put("price", 1))));
    assertThat(DocumentNode.errorId(upsert)).isEqualTo("validation.check.failed_field");
    JsonObject upserted = call(request("document", "upsert").put("_id", "l2").put("source", true)
      .put("body", new JsonObject().put("changes", new JsonObject().put("price", 1))
        .put("default", new JsonObject().put("name", "desk"))));
    assertThat(upserted.getJsonObject("result").getJsonObject("_source").getString("state")).isEqualTo("draft");
  }

  @Test
  void multiWrites_reportRefusedItems_andBulkBypassesSpecifications() throws Exception {
    specify();
    JsonObject result = call(request("document", "mCreate").put("body", new JsonObject().put("documents",
      new JsonArray().add(new JsonObject().put("_id", "ok").put("body", new JsonObject().put("name", "lamp")))
        .add(new JsonObject().put("_id", "ko").put("body", new JsonObject().put("name", 3))))))
      .getJsonObject("result");
    assertThat(result.getJsonArray("successes")).hasSize(1);
    JsonObject error = result.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getInteger("status")).isEqualTo(400);
    assertThat(error.getString("reason")).contains("\"name\"");
    JsonObject mUpdate = call(request("document", "mUpdate").put("body", new JsonObject().put("documents",
      new JsonArray().add(new JsonObject().put("_id", "ok").put("body", new JsonObject().put("price", -3))))))
      .getJsonObject("result");
    assertThat(mUpdate.getJsonArray("errors")).hasSize(1);
    JsonObject bulk = call(request("bulk", "write").put("body", new JsonObject().put("free", true)));
    assertThat(bulk.getInteger("status")).isEqualTo(200);
  }

  @Test
  void validate_answersKuzzleReport_withoutWriting() throws Exception {
    assertThat(call(request("document", "validate").put("body", new JsonObject().put("x", 1)))
      .getJsonObject("result")).isEqualTo(new JsonObject().put("errorMessages", new JsonObject()).put("valid", true));
    specify();
    JsonObject report = call(request("document", "validate").put("body", new JsonObject().put("name", "lamp")
      .put("price", -2).put("extra", 1).put("address", new JsonObject()))).getJsonObject("result");
    assertThat(report.getBoolean("valid")).isFalse();
    JsonObject messages = report.getJsonObject("errorMessages");
    assertThat(messages.getJsonArray("documentScope")).hasSize(1);
    JsonObject fields = messages.getJsonObject("fieldScope").getJsonObject("children");
    assertThat(fields.getJsonObject("price").getJsonArray("messages")).hasSize(1);
    assertThat(fields.getJsonObject("address").getJsonObject("children").getJsonObject("city")
      .getJsonArray("messages")).hasSize(1);
    JsonObject count = call(request("document", "count").put("body", new JsonObject())).getJsonObject("result");
    assertThat(count.getLong("count")).isZero();
  }

  @Test
  void specifications_surviveARestart() throws Exception {
    specify();
    node.close();
    node = new DocumentNode(dataDir);
    assertThat(DocumentNode.errorId(create(new JsonObject().put("price", 1))))
      .isEqualTo("validation.check.failed_field");
    assertThat(call(request("collection", "getSpecifications")).getJsonObject("result").getJsonObject("validation"))
      .isEqualTo(SPEC);
  }
}
