package io.kvx.document.storage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.kvx.document.storage.StorageEngineContract.await;
import static io.kvx.document.storage.StorageEngineContract.errorOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Sorts, pages, {@code search_after}, {@code _source} filtering, counts and scrolls every engine must serve. */
public interface SearchPagingContract extends SearchFixture {

  @Test
  default void sort_inItsStringObjectAndArrayForms_withMissingValuesLast() throws Exception {
    products();
    assertThat(ids("{\"sort\":\"price\"}")).containsExactly("d", "a", "c", "b");
    assertThat(ids("{\"sort\":{\"price\":\"desc\"}}")).containsExactly("b", "c", "a", "d");
    assertThat(ids("{\"sort\":[{\"rating\":{\"order\":\"desc\"}}]}")).containsExactly("a", "c", "b", "d");
    assertThat(ids("{\"sort\":[{\"rating\":\"asc\"}]}")).containsExactly("b", "c", "a", "d");
    assertThat(ids("{\"sort\":[{\"rating\":{\"order\":\"asc\",\"missing\":\"_first\"}}]}"))
      .containsExactly("d", "b", "c", "a");
    assertThat(ids("{\"sort\":[{\"brand\":\"asc\"},{\"released\":\"desc\"}]}")).containsExactly("d", "c", "a", "b");
    assertThat(ids("{\"sort\":[{\"stock\":\"desc\"},\"_id\"]}")).containsExactly("a", "c", "b", "d");
    assertThat(ids("{\"sort\":[{\"_id\":\"desc\"}]}")).containsExactly("d", "c", "b", "a");
    assertThat(ids("{\"sort\":[{\"tags\":\"desc\"},\"_id\"]}")).containsExactly("a", "b", "c", "d");
    assertThat(ids("{\"sort\":[{\"name.raw\":\"asc\"}]}")).containsExactly("b", "c", "a", "d");
    assertThat(ids("{\"sort\":[{\"_geo_distance\":{\"location\":[2.35,48.85],\"unit\":\"km\"}}]}"))
      .containsExactly("a", "b", "c", "d");
  }

  @Test
  default void sortedHits_carrySortValues_andScoreOnlyWhenSortedByScore() throws Exception {
    products();
    SearchResult byPrice = search("{\"sort\":[{\"price\":\"asc\"},\"_id\"]}");
    assertThat(sortOf(byPrice, 0)).isEqualTo(new JsonArray().add(15L).add("d"));
    assertThat(byPrice.hits().get(0).score()).isNull();
    SearchResult byScore = search("{\"query\":{\"match\":{\"name\":\"red shoes\"}},\"sort\":[\"_score\"]}");
    assertThat(byScore.hits().get(0).id()).isEqualTo("a");
    assertThat(byScore.hits().get(0).score()).isPositive();
    assertThat(search("{\"query\":{\"match\":{\"name\":\"red\"}}}").hits().get(0).sort()).isNull();
  }

  @Test
  default void sort_onTextOrUnmappedFields_isRefusedUnlessUnmappedTypeIsGiven() throws Exception {
    products();
    assertThat(searchError("{\"sort\":[\"name\"]}")).isEqualTo("services.storage.unexpected_bad_request");
    assertThat(searchError("{\"sort\":[\"secret\"]}")).isEqualTo("services.storage.unexpected_bad_request");
    assertThat(ids("{\"sort\":[{\"secret\":{\"unmapped_type\":\"keyword\"}},\"_id\"]}"))
      .containsExactly("a", "b", "c", "d");
  }

  @Test
  default void fromAndSize_pageThroughHits() throws Exception {
    products();
    assertThat(ids("{\"sort\":\"price\",\"from\":1,\"size\":2}")).containsExactly("a", "c");
    SearchResult empty = search("{\"size\":0}");
    assertThat(empty.hits()).isEmpty();
    assertThat(empty.total()).isEqualTo(4);
    assertThat(search("{\"from\":10}").total()).isEqualTo(4);
  }

  @Test
  default void searchAfter_resumesFromSourceValuesAsTheSdkSendsThem() throws Exception {
    products();
    List<String> seen = new ArrayList<>();
    JsonArray after = null;
    for (int page = 0; page < 3; page++) {
      JsonObject body = new JsonObject("{\"sort\":[{\"released\":\"desc\"},\"_id\"],\"size\":2}");
      if (after != null) {
        body.put("search_after", after);
      }
      SearchResult result = await(engine().search("shop", "items", body, 0));
      assertThat(result.total()).isEqualTo(4);
      result.hits().forEach(hit -> seen.add(hit.id()));
      if (result.hits().isEmpty()) {
        break;
      }
      SearchResult.Hit last = result.hits().get(result.hits().size() - 1);
      after = new JsonArray().add(last.source().getValue("released")).add(last.id());
    }
    assertThat(seen).containsExactly("c", "b", "a", "d");
    assertThat(ids("{\"sort\":[{\"rating\":\"desc\"}],\"search_after\":[4.1]}")).containsExactly("b", "d");
    assertThat(searchError("{\"sort\":[\"price\"],\"search_after\":[1,2]}"))
      .isEqualTo("services.storage.unexpected_bad_request");
  }

  @Test
  default void source_isFilteredByIncludesAndExcludes() throws Exception {
    products();
    JsonObject included = search("{\"query\":{\"ids\":{\"values\":[\"a\"]}},\"_source\":[\"name\",\"maker.*\"]}")
      .hits().get(0).source();
    assertThat(included).isEqualTo(new JsonObject("{\"name\":\"Red running shoes\",\"maker\":{\"country\":\"fr\"}}"));
    JsonObject excluded = search("{\"query\":{\"ids\":{\"values\":[\"a\"]}},\"_source\":{\"excludes\":[\"location\","
      + "\"maker\",\"tags\",\"secret\",\"r*\"]}}").hits().get(0).source();
    assertThat(excluded.fieldNames()).containsExactlyInAnyOrder("name", "brand", "price", "stock");
    assertThat(search("{\"_source\":false}").hits().get(0).source()).isNull();
  }

  @Test
  default void count_countsWhatTheQueryMatches() throws Exception {
    products();
    assertThat(await(engine().count("shop", "items", new JsonObject()))).isEqualTo(4);
    assertThat(await(engine().count("shop", "items", new JsonObject("{\"query\":{\"term\":{\"brand\":"
      + "\"acme\"}}}")))).isEqualTo(2);
    assertThat(errorOf(engine().count("shop", "nope", new JsonObject())))
      .isEqualTo("services.storage.unknown_collection");
    assertThat(errorOf(engine().search("nope", "items", new JsonObject(), 0)))
      .isEqualTo("services.storage.unknown_index");
  }

  @Test
  default void scroll_servesEveryPageOfOneSnapshot_thenForgetsTheScroll() throws Exception {
    products();
    SearchResult first = await(engine().search("shop", "items", new JsonObject("{\"sort\":\"price\",\"size\":3}"),
      10_000));
    assertThat(first.hits()).extracting(SearchResult.Hit::id).containsExactly("d", "a", "c");
    assertThat(first.total()).isEqualTo(4);
    assertThat(first.remaining()).isEqualTo(1);
    assertThat(first.scrollId()).isNotBlank();
    await(engine().write("shop", "items", "e", new JsonObject().put("price", 1), WriteMode.CREATE, true));
    SearchResult second = await(engine().scroll(first.scrollId(), 10_000));
    assertThat(second.hits()).extracting(SearchResult.Hit::id).containsExactly("b");
    assertThat(second.remaining()).isZero();
    assertThat(second.total()).isEqualTo(4);
    assertThat(errorOf(engine().scroll(first.scrollId(), 10_000))).isEqualTo("services.storage.unknown_scroll_id");
    assertThat(errorOf(engine().scroll("nope", 10_000))).isEqualTo("services.storage.unknown_scroll_id");
  }

  @Test
  default void scroll_byRelevance_pagesWithoutRepeats() throws Exception {
    products();
    SearchResult page = await(engine().search("shop", "items", new JsonObject("{\"query\":{\"match\":{\"name\":"
      + "\"red shoes running\"}},\"size\":1}"), 10_000));
    List<String> seen = new ArrayList<>();
    page.hits().forEach(hit -> seen.add(hit.id()));
    while (page.remaining() > 0) {
      page = await(engine().scroll(page.scrollId(), 10_000));
      page.hits().forEach(hit -> seen.add(hit.id()));
    }
    assertThat(seen).hasSize(4).doesNotHaveDuplicates().startsWith("a");
  }

  @Test
  default void scroll_expiresAfterItsDuration() throws Exception {
    products();
    SearchResult first = await(engine().search("shop", "items", new JsonObject("{\"size\":1}"), 200));
    Thread.sleep(400);
    assertThat(errorOf(engine().scroll(first.scrollId(), 10_000))).isEqualTo("services.storage.unknown_scroll_id");
  }

  @Test
  default void writes_becomeSearchableAfterRefresh_whileGetSeesThemAtOnce() throws Exception {
    products();
    await(engine().write("shop", "items", "e", new JsonObject().put("brand", "fresh"), WriteMode.CREATE, true));
    assertThat(matching("{\"term\":{\"brand\":\"fresh\"}}")).containsExactly("e");
    await(engine().write("shop", "items", "f", new JsonObject().put("brand", "later"), WriteMode.CREATE, false));
    assertThat(await(engine().get("shop", "items", "f")).source().getString("brand")).isEqualTo("later");
    long deadline = System.currentTimeMillis() + 3000;
    while (matching("{\"term\":{\"brand\":\"later\"}}").isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(matching("{\"term\":{\"brand\":\"later\"}}")).containsExactly("f");
    await(engine().delete("shop", "items", "f", true));
    assertThat(matching("{\"term\":{\"brand\":\"later\"}}")).isEmpty();
  }
}
