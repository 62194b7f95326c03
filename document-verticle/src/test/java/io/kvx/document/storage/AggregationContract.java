package io.kvx.document.storage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Elasticsearch aggregations every engine must compute alike, on the {@link SearchFixture} products. */
public interface AggregationContract extends SearchFixture {

  private JsonObject aggregations(String aggs) throws Exception {
    return search("{\"size\":0,\"aggs\":" + aggs + "}").aggregations();
  }

  private JsonArray buckets(String aggs) throws Exception {
    return aggregations("{\"x\":" + aggs + "}").getJsonObject("x").getJsonArray("buckets");
  }

  @Test
  default void terms_countsDocumentsPerValue_withSubAggregationsAndOrder() throws Exception {
    products();
    JsonObject brands = aggregations("{\"brands\":{\"terms\":{\"field\":\"brand\"},\"aggs\":{\"price\":"
      + "{\"avg\":{\"field\":\"price\"}}}}}").getJsonObject("brands");
    assertThat(brands).isEqualTo(new JsonObject("{\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,"
      + "\"buckets\":[{\"key\":\"acme\",\"doc_count\":2,\"price\":{\"value\":65.0}},"
      + "{\"key\":\"Nordic\",\"doc_count\":1,\"price\":{\"value\":15.0}},"
      + "{\"key\":\"zenith\",\"doc_count\":1,\"price\":{\"value\":120.0}}]}"));
    JsonObject top = aggregations("{\"t\":{\"terms\":{\"field\":\"tags\",\"size\":1}}}").getJsonObject("t");
    assertThat(top.getLong("sum_other_doc_count")).isEqualTo(3);
    assertThat(top.getJsonArray("buckets")).isEqualTo(new JsonArray("[{\"key\":\"sport\",\"doc_count\":2}]"));
    assertThat(buckets("{\"terms\":{\"field\":\"stock\"}}")).isEqualTo(new JsonArray("[{\"key\":1,"
      + "\"key_as_string\":\"true\",\"doc_count\":2},{\"key\":0,\"key_as_string\":\"false\",\"doc_count\":1}]"));
    assertThat(buckets("{\"terms\":{\"field\":\"brand\",\"order\":{\"p\":\"desc\"}},\"aggs\":{\"p\":{\"max\":"
      + "{\"field\":\"price\"}}}}")).extracting(b -> ((JsonObject) b).getString("key"))
      .containsExactly("zenith", "acme", "Nordic");
    assertThat(buckets("{\"terms\":{\"field\":\"maker.country\",\"order\":{\"_key\":\"desc\"},"
      + "\"missing\":\"none\"}}")).extracting(b -> ((JsonObject) b).getString("key"))
      .containsExactly("uk", "none", "fr", "de");
    assertThat(buckets("{\"terms\":{\"field\":\"secret\"}}")).isEmpty();
  }

  @Test
  default void metrics_answerValues_overTheQueryMatchesOnly() throws Exception {
    products();
    JsonObject all = aggregations("{\"avg\":{\"avg\":{\"field\":\"price\"}},\"sum\":{\"sum\":{\"field\":\"price\"}},"
      + "\"min\":{\"min\":{\"field\":\"released\"}},\"max\":{\"max\":{\"field\":\"price\"}},"
      + "\"count\":{\"value_count\":{\"field\":\"tags\"}},\"brands\":{\"cardinality\":{\"field\":\"brand\"}},"
      + "\"stats\":{\"stats\":{\"field\":\"rating\"}},\"none\":{\"avg\":{\"field\":\"secret\"}}}");
    assertThat(all.getJsonObject("avg").getDouble("value")).isEqualTo(66.25);
    assertThat(all.getJsonObject("sum").getDouble("value")).isEqualTo(265.0);
    assertThat(all.getJsonObject("min")).isEqualTo(new JsonObject().put("value", 1575072000000.0)
      .put("value_as_string", "2019-11-30T00:00:00.000Z"));
    assertThat(all.getJsonObject("max").getDouble("value")).isEqualTo(120.0);
    assertThat(all.getJsonObject("count").getLong("value")).isEqualTo(5);
    assertThat(all.getJsonObject("brands").getLong("value")).isEqualTo(3);
    JsonObject stats = all.getJsonObject("stats");
    assertThat(stats.getLong("count")).isEqualTo(3);
    assertThat(stats.getDouble("min")).isCloseTo(3.9, within(1e-6));
    assertThat(stats.getDouble("avg")).isCloseTo(12.5 / 3, within(1e-6));
    assertThat(all.getJsonObject("none").containsKey("value")).isTrue();
    assertThat(all.getJsonObject("none").getValue("value")).isNull();
    SearchResult acme = search("{\"query\":{\"term\":{\"brand\":\"acme\"}},\"post_filter\":{\"term\":{\"price\":50}},"
      + "\"aggs\":{\"avg\":{\"avg\":{\"field\":\"price\"}}}}");
    assertThat(acme.total()).isEqualTo(1);
    assertThat(acme.aggregations().getJsonObject("avg").getDouble("value")).isEqualTo(65.0);
    assertThat(search("{}").aggregations()).isNull();
  }

  @Test
  default void histograms_fillEmptyBuckets_andRangesBucketBounds() throws Exception {
    products();
    assertThat(buckets("{\"histogram\":{\"field\":\"price\",\"interval\":30}}")).isEqualTo(new JsonArray(
      "[{\"key\":0.0,\"doc_count\":1},{\"key\":30.0,\"doc_count\":1},{\"key\":60.0,\"doc_count\":1},"
      + "{\"key\":90.0,\"doc_count\":0},{\"key\":120.0,\"doc_count\":1}]"));
    JsonArray years = buckets("{\"date_histogram\":{\"field\":\"released\",\"calendar_interval\":\"year\"},"
      + "\"aggs\":{\"brands\":{\"cardinality\":{\"field\":\"brand\"}}}}");
    assertThat(years).hasSize(4);
    assertThat(years.getJsonObject(1)).isEqualTo(new JsonObject("{\"key_as_string\":\"2020-01-01T00:00:00.000Z\","
      + "\"key\":1577836800000,\"doc_count\":1,\"brands\":{\"value\":1}}"));
    assertThat(buckets("{\"date_histogram\":{\"field\":\"released\",\"calendar_interval\":\"month\"}}"))
      .hasSize(27);
    JsonArray quarters = buckets("{\"date_histogram\":{\"field\":\"released\",\"fixed_interval\":\"30d\","
      + "\"min_doc_count\":1,\"format\":\"yyyy-MM\"}}");
    assertThat(quarters).hasSize(4);
    assertThat(quarters.getJsonObject(0).getString("key_as_string")).isEqualTo("2019-11");
    JsonArray ranges = buckets("{\"range\":{\"field\":\"price\",\"ranges\":[{\"from\":100},{\"to\":50},"
      + "{\"from\":50,\"to\":100,\"key\":\"mid\"}]},\"aggs\":{\"b\":{\"terms\":{\"field\":\"brand\"}}}}");
    assertThat(ranges).extracting(b -> ((JsonObject) b).getString("key")).containsExactly("*-50.0", "mid",
      "100.0-*");
    assertThat(ranges.getJsonObject(1).getLong("doc_count")).isEqualTo(2);
    assertThat(ranges.getJsonObject(1).getDouble("from")).isEqualTo(50.0);
    assertThat(ranges.getJsonObject(1).getJsonObject("b").getJsonArray("buckets")).hasSize(1);
  }

  @Test
  default void aggregations_thatElasticsearchRefuses_areBadRequests() throws Exception {
    products();
    List<String> refused = List.of("{\"x\":{\"terms\":{\"field\":\"name\"}}}", "{\"x\":{\"nope\":{}}}",
      "{\"x\":{\"avg\":{\"field\":\"brand\"}}}",
      "{\"x\":{\"avg\":{\"field\":\"price\"},\"aggs\":{\"y\":{\"max\":{\"field\":\"price\"}}}}}",
      "{\"x\":{\"terms\":{}}}", "{\"x\":{\"histogram\":{\"field\":\"price\",\"interval\":0.001}}}",
      "{\"x\":{\"date_histogram\":{\"field\":\"released\",\"calendar_interval\":\"2d\"}}}",
      "{\"x\":{\"terms\":{\"field\":\"brand\"},\"avg\":{\"field\":\"price\"}}}", "{\"x\":1}");
    for (String aggs : refused) {
      assertThat(searchError("{\"aggs\":" + aggs + "}")).as(aggs).isEqualTo("services.storage.unexpected_bad_request");
    }
    assertThat(search("{\"aggs\":{\"x\":{\"avg\":{\"field\":\"price\"},\"aggs\":{}}}}").aggregations()).isNotNull();
  }
}
