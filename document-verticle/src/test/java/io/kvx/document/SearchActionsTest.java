package io.kvx.document;

import io.kvx.core.api.Protocol;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** document:search, count and scroll through the pipeline: Kuzzle's argument rules, result shapes and errors. */
class SearchActionsTest {

  private static final String TARGET = "\"index\":\"shop\",\"collection\":\"items\"";

  @TempDir
  Path dataDir;
  private DocumentNode node;

  @BeforeEach
  void start() throws Exception {
    node = new DocumentNode(dataDir);
    node.call("{\"controller\":\"collection\",\"action\":\"create\"," + TARGET + ",\"body\":{\"mappings\":"
      + "{\"properties\":{\"n\":{\"type\":\"integer\"},\"kind\":{\"type\":\"keyword\"}}}}}");
    JsonArray documents = new JsonArray();
    for (int i = 0; i < 12; i++) {
      documents.add(new JsonObject().put("_id", "d" + (char) ('a' + i)).put("body", new JsonObject().put("n", i)
        .put("kind", i % 2 == 0 ? "even" : "odd")));
    }
    action("mCreate", ",\"refresh\":\"wait_for\",\"body\":" + new JsonObject().put("documents", documents));
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private JsonObject action(String action, String rest) throws Exception {
    return node.call("{\"controller\":\"document\",\"action\":\"" + action + "\"," + TARGET + rest + "}");
  }

  private static String errorId(JsonObject envelope) {
    return DocumentNode.errorId(envelope);
  }

  @Test
  void search_answersKuzzleHits_andTheArgumentsPageWinsOverTheBody() throws Exception {
    JsonObject reply = action("search", ",\"from\":1,\"size\":2,\"body\":{\"query\":{\"term\":{\"kind\":\"even\"}},"
      + "\"sort\":[{\"n\":\"desc\"}],\"from\":0,\"size\":50}");
    assertThat(reply.getInteger("status")).isEqualTo(200);
    JsonObject result = reply.getJsonObject("result");
    assertThat(result.fieldNames()).containsExactly("hits", "total");
    assertThat(result.getLong("total")).isEqualTo(6);
    JsonObject hit = result.getJsonArray("hits").getJsonObject(0);
    assertThat(hit.fieldNames()).containsExactly("_id", "_score", "_source", "collection", "index");
    assertThat(hit.getString("_id")).isEqualTo("di");
    assertThat(hit.getValue("_score")).isNull();
    assertThat(hit.getString("index")).isEqualTo("shop");
    assertThat(hit.getString("collection")).isEqualTo("items");
    assertThat(hit.getJsonObject("_source").getInteger("n")).isEqualTo(8);
    assertThat(hit.getJsonObject("_source").getJsonObject("_kuzzle_info").getString("author")).isEqualTo("-1");
    assertThat(result.getJsonArray("hits")).hasSize(2);
    JsonObject defaults = action("search", ",\"body\":{\"size\":50}").getJsonObject("result");
    assertThat(defaults.getJsonArray("hits")).hasSize(10);
    assertThat(defaults.getLong("total")).isEqualTo(12);
  }

  @Test
  void search_overHttpGet_readsTheSearchBodyArgument() throws Exception {
    JsonObject reply = node.call("{\"controller\":\"document\",\"action\":\"search\"," + TARGET
      + ",\"searchBody\":\"{\\\"query\\\":{\\\"range\\\":{\\\"n\\\":{\\\"gte\\\":10}}}}\"}", Protocol.HTTP);
    assertThat(reply.getJsonObject("result").getLong("total")).isEqualTo(2);
    JsonObject bad = node.call("{\"controller\":\"document\",\"action\":\"search\"," + TARGET
      + ",\"searchBody\":\"{nope\"}", Protocol.HTTP);
    assertThat(bad.getInteger("status")).isEqualTo(400);
  }

  @Test
  void search_refusesBodiesKuzzleRefuses() throws Exception {
    JsonObject key = action("search", ",\"body\":{\"query\":{},\"script_fields\":{}}");
    assertThat(key.getInteger("status")).isEqualTo(400);
    assertThat(errorId(key)).isEqualTo("services.storage.invalid_search_query");
    JsonObject script = action("search", ",\"body\":{\"sort\":{\"_script\":{\"script\":{\"source\":\"1\"}}}}");
    assertThat(errorId(script)).isEqualTo("services.storage.invalid_query_keyword");
    JsonObject keyword = action("search", ",\"body\":{\"query\":{\"equals\":{\"kind\":\"odd\"}}}");
    assertThat(keyword.getInteger("status")).isEqualTo(400);
    assertThat(errorId(keyword)).isEqualTo("services.storage.unknown_query_keyword");
    JsonObject suggest = action("search", ",\"body\":{\"suggest\":{\"k\":{\"text\":\"x\"}}}");
    assertThat(errorId(suggest)).isEqualTo("services.storage.unexpected_bad_request");
    assertThat(errorId(action("search", ",\"lang\":\"sql\",\"body\":{}"))).isEqualTo("api.assert.invalid_argument");
  }

  @Test
  void search_checksLimitsAndTargets() throws Exception {
    JsonObject tooMany = action("search", ",\"size\":10001,\"body\":{}");
    assertThat(tooMany.getInteger("status")).isEqualTo(413);
    assertThat(errorId(tooMany)).isEqualTo("services.storage.get_limit_exceeded");
    assertThat(action("search", ",\"from\":1,\"size\":9999,\"body\":{}").getInteger("status")).isEqualTo(200);
    assertThat(errorId(action("search", ",\"from\":9000,\"size\":1001,\"body\":{}")))
      .isEqualTo("services.storage.unexpected_bad_request");
    assertThat(errorId(action("search", ",\"size\":-1,\"body\":{}"))).isEqualTo("api.assert.invalid_argument");
    JsonObject unknownIndex = node.call("{\"controller\":\"document\",\"action\":\"search\",\"index\":\"nope\","
      + "\"collection\":\"items\",\"body\":{}}");
    assertThat(unknownIndex.getInteger("status")).isEqualTo(412);
    assertThat(errorId(unknownIndex)).isEqualTo("services.storage.unknown_index");
    JsonObject unknownCollection = node.call("{\"controller\":\"document\",\"action\":\"count\",\"index\":\"shop\","
      + "\"collection\":\"nope\",\"body\":{}}");
    assertThat(errorId(unknownCollection)).isEqualTo("services.storage.unknown_collection");
  }

  @Test
  void search_withAggregationsAndHighlight_answersThemInKuzzlesShapes() throws Exception {
    JsonObject result = action("search", ",\"size\":0,\"body\":{\"query\":{\"range\":{\"n\":{\"gte\":2}}},"
      + "\"aggregations\":{\"kinds\":{\"terms\":{\"field\":\"kind\"},\"aggs\":{\"top\":{\"max\":"
      + "{\"field\":\"n\"}}}}}}").getJsonObject("result");
    assertThat(result.fieldNames()).containsExactly("aggregations", "hits", "total");
    assertThat(result.getJsonObject("aggregations")).isEqualTo(new JsonObject("{\"kinds\":{"
      + "\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,\"buckets\":["
      + "{\"key\":\"even\",\"doc_count\":5,\"top\":{\"value\":10.0}},"
      + "{\"key\":\"odd\",\"doc_count\":5,\"top\":{\"value\":11.0}}]}}"));
    assertThat(result.getJsonArray("hits")).isEmpty();
    JsonObject hit = action("search", ",\"body\":{\"query\":{\"term\":{\"kind\":\"odd\"}},\"highlight\":"
      + "{\"fields\":{\"kind\":{}}}}").getJsonObject("result").getJsonArray("hits").getJsonObject(0);
    assertThat(hit.fieldNames()).containsExactly("_id", "_score", "_source", "collection", "highlight", "index");
    assertThat(hit.getJsonObject("highlight")).isEqualTo(new JsonObject().put("kind", new JsonArray()
      .add("<em>odd</em>")));
  }

  @Test
  void count_answersTheNumberOfMatches() throws Exception {
    JsonObject reply = action("count", ",\"body\":{\"query\":{\"term\":{\"kind\":\"odd\"}}}");
    assertThat(reply.getJsonObject("result")).isEqualTo(new JsonObject().put("count", 6));
    assertThat(action("count", "").getJsonObject("result").getLong("count")).isEqualTo(12);
  }

  @Test
  void scroll_pagesThroughEveryHit_thenTheIdIsUnknown() throws Exception {
    JsonObject first = action("search", ",\"scroll\":\"30s\",\"size\":5,\"body\":{\"sort\":[\"n\"]}")
      .getJsonObject("result");
    assertThat(first.fieldNames()).containsExactly("hits", "remaining", "scrollId", "total");
    assertThat(first.getLong("remaining")).isEqualTo(7);
    JsonArray seen = first.getJsonArray("hits").copy();
    String scrollId = first.getString("scrollId");
    for (int page = 0; page < 2; page++) {
      JsonObject next = node.call("{\"controller\":\"document\",\"action\":\"scroll\",\"scrollId\":\"" + scrollId
        + "\",\"scroll\":\"10s\"}").getJsonObject("result");
      assertThat(next.fieldNames()).containsExactly("hits", "remaining", "scrollId", "total");
      next.getJsonArray("hits").forEach(seen::add);
      assertThat(next.getJsonArray("hits").getJsonObject(0).getString("index")).isEqualTo("shop");
    }
    assertThat(seen).hasSize(12);
    assertThat(seen.getJsonObject(11).getJsonObject("_source").getInteger("n")).isEqualTo(11);
    JsonObject gone = node.call("{\"controller\":\"document\",\"action\":\"scroll\",\"scrollId\":\"" + scrollId
      + "\"}");
    assertThat(gone.getInteger("status")).isEqualTo(404);
    assertThat(errorId(gone)).isEqualTo("services.storage.unknown_scroll_id");
  }

  @Test
  void scroll_longerThanTheMaximum_isRefused() throws Exception {
    JsonObject tooLong = action("search", ",\"scroll\":\"2m\",\"body\":{}");
    assertThat(tooLong.getInteger("status")).isEqualTo(400);
    assertThat(errorId(tooLong)).isEqualTo("services.storage.scroll_duration_too_great");
    assertThat(errorId(action("search", ",\"scroll\":\"soon\",\"body\":{}"))).isEqualTo(
      "api.assert.invalid_argument");
    assertThat(errorId(node.call("{\"controller\":\"document\",\"action\":\"scroll\",\"scrollId\":\"x\","
      + "\"scroll\":\"1h\"}"))).isEqualTo("services.storage.scroll_duration_too_great");
  }

  @Test
  void search_withRefreshWaitFor_seesTheWrite_andGetSeesItAtOnce() throws Exception {
    action("create", ",\"_id\":\"new\",\"refresh\":\"wait_for\",\"body\":{\"kind\":\"fresh\"}");
    assertThat(action("search", ",\"body\":{\"query\":{\"term\":{\"kind\":\"fresh\"}}}").getJsonObject("result")
      .getLong("total")).isEqualTo(1);
    action("update", ",\"_id\":\"new\",\"body\":{\"kind\":\"stale\"}");
    assertThat(action("get", ",\"_id\":\"new\"").getJsonObject("result").getJsonObject("_source")
      .getString("kind")).isEqualTo("stale");
  }
}
