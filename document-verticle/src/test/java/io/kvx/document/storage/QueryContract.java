package io.kvx.document.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Elasticsearch query DSL every engine must answer alike, on the {@link SearchFixture} products. */
public interface QueryContract extends SearchFixture {

  @Test
  default void matchAll_andEmptyQuery_matchEveryDocumentWithExactTotal() throws Exception {
    products();
    SearchResult all = search("{\"query\":{\"match_all\":{}}}");
    assertThat(all.total()).isEqualTo(4);
    assertThat(all.hits()).hasSize(4).allSatisfy(hit -> {
      assertThat(hit.score()).isEqualTo(1.0f);
      assertThat(hit.version()).isEqualTo(1);
      assertThat(hit.source().getString("name")).isNotEmpty();
    });
    assertThat(search("{}").total()).isEqualTo(4);
    assertThat(search("{\"query\":{}}").total()).isEqualTo(4);
    assertThat(matching("{\"match_none\":{}}")).isEmpty();
  }

  @Test
  default void match_analyzesTextWithOperatorAndFuzziness() throws Exception {
    products();
    assertThat(matching("{\"match\":{\"name\":\"RED shoes\"}}")).containsExactly("a", "c", "d");
    assertThat(matching("{\"match\":{\"name\":{\"query\":\"red shoes\",\"operator\":\"and\"}}}"))
      .containsExactly("a");
    assertThat(matching("{\"match\":{\"name\":{\"query\":\"red shoes running\",\"minimum_should_match\":2}}}"))
      .containsExactly("a");
    assertThat(matching("{\"match\":{\"name\":{\"query\":\"shoos\",\"fuzziness\":\"AUTO\"}}}"))
      .containsExactly("a", "c");
    assertThat(ids("{\"query\":{\"match\":{\"name\":\"red shoes\"}}}").get(0)).isEqualTo("a");
    assertThat(matching("{\"match\":{\"brand\":\"acme\"}}")).containsExactly("a", "c");
    assertThat(matching("{\"match\":{\"price\":\"80\"}}")).containsExactly("c");
  }

  @Test
  default void matchPhrase_needsTheWordsInOrder() throws Exception {
    products();
    assertThat(matching("{\"match_phrase\":{\"name\":\"running shoes\"}}")).containsExactly("a");
    assertThat(matching("{\"match_phrase\":{\"name\":\"shoes running\"}}")).isEmpty();
    assertThat(matching("{\"match_phrase\":{\"name\":{\"query\":\"red shoes\",\"slop\":1}}}")).containsExactly("a");
  }

  @Test
  default void multiMatch_searchesListedOrWildcardFields() throws Exception {
    products();
    assertThat(matching("{\"multi_match\":{\"query\":\"acme\",\"fields\":[\"name\",\"brand\"]}}"))
      .containsExactly("a", "c");
    assertThat(matching("{\"multi_match\":{\"query\":\"Nordic\",\"fields\":[\"name^2\",\"bra*\"]}}"))
      .containsExactly("d");
    assertThat(matching("{\"multi_match\":{\"query\":\"running\",\"type\":\"most_fields\"}}"))
      .containsExactly("a", "b");
    assertThat(matching("{\"multi_match\":{\"query\":\"walking shoes\",\"type\":\"phrase\",\"fields\":[\"name\"]}}"))
      .containsExactly("c");
  }

  @Test
  default void queryString_readsFieldsOperatorsGroupsAndWildcards() throws Exception {
    products();
    assertThat(matching("{\"query_string\":{\"query\":\"name:red AND brand:acme\"}}")).containsExactly("a");
    assertThat(matching("{\"query_string\":{\"query\":\"red -hat\"}}")).containsExactly("a");
    assertThat(matching("{\"query_string\":{\"query\":\"(jacket OR hat) AND NOT brand:Nordic\"}}"))
      .containsExactly("b");
    assertThat(matching("{\"query_string\":{\"query\":\"name:walk*\"}}")).containsExactly("c");
    assertThat(matching("{\"query_string\":{\"query\":\"price:>=80\"}}")).containsExactly("b", "c");
    assertThat(matching("{\"query_string\":{\"query\":\"name:\\\"running jacket\\\"\"}}")).containsExactly("b");
    assertThat(matching("{\"query_string\":{\"query\":\"_exists_:rating\"}}")).containsExactly("a", "b", "c");
    assertThat(matching("{\"query_string\":{\"query\":\"red shoes\",\"default_operator\":\"AND\","
      + "\"fields\":[\"name\"]}}")).containsExactly("a");
    assertThat(matching("{\"simple_query_string\":{\"query\":\"red shoes\",\"default_operator\":\"and\"}}"))
      .containsExactly("a");
    assertThat(matching("{\"simple_query_string\":{\"query\":\"hat | jacket\",\"fields\":[\"name\"]}}"))
      .containsExactly("b", "d");
  }

  @Test
  default void term_isExactOnEachType() throws Exception {
    products();
    assertThat(matching("{\"term\":{\"brand\":\"acme\"}}")).containsExactly("a", "c");
    assertThat(matching("{\"term\":{\"brand\":\"ACME\"}}")).isEmpty();
    assertThat(matching("{\"term\":{\"brand\":{\"value\":\"ACME\",\"case_insensitive\":true}}}"))
      .containsExactly("a", "c");
    assertThat(matching("{\"term\":{\"name\":\"red\"}}")).containsExactly("a", "d");
    assertThat(matching("{\"term\":{\"name.raw\":\"Red wool hat\"}}")).containsExactly("d");
    assertThat(matching("{\"term\":{\"price\":50}}")).containsExactly("a");
    assertThat(matching("{\"term\":{\"rating\":4.1}}")).containsExactly("c");
    assertThat(matching("{\"term\":{\"stock\":true}}")).containsExactly("a", "c");
    assertThat(matching("{\"term\":{\"released\":\"2022-01-01T00:00:00Z\"}}")).containsExactly("c");
    assertThat(matching("{\"term\":{\"tags\":\"sport\"}}")).containsExactly("a", "b");
    assertThat(matching("{\"term\":{\"maker.country\":\"uk\"}}")).containsExactly("b");
    assertThat(matching("{\"term\":{\"_id\":\"c\"}}")).containsExactly("c");
  }

  @Test
  default void terms_matchAnyOfTheValues() throws Exception {
    products();
    assertThat(matching("{\"terms\":{\"brand\":[\"acme\",\"Nordic\"]}}")).containsExactly("a", "c", "d");
    assertThat(matching("{\"terms\":{\"price\":[15,\"80\"]}}")).containsExactly("c", "d");
    assertThat(matching("{\"terms\":{\"released\":[\"2019-11-30\",1640995200000]}}")).containsExactly("c", "d");
  }

  @Test
  default void range_onNumbersDatesAndKeywords() throws Exception {
    products();
    assertThat(matching("{\"range\":{\"price\":{\"gte\":50,\"lt\":120}}}")).containsExactly("a", "c");
    assertThat(matching("{\"range\":{\"price\":{\"gt\":50,\"lte\":120}}}")).containsExactly("b", "c");
    assertThat(matching("{\"range\":{\"price\":{\"gt\":49.5,\"lt\":50.5}}}")).containsExactly("a");
    assertThat(matching("{\"range\":{\"rating\":{\"gt\":4}}}")).containsExactly("a", "c");
    assertThat(matching("{\"range\":{\"released\":{\"gte\":\"2020-06-01\",\"lte\":\"2021-12-31T23:59:59Z\"}}}"))
      .containsExactly("b");
    assertThat(matching("{\"range\":{\"released\":{\"gte\":1640995200000}}}")).containsExactly("c");
    assertThat(matching("{\"range\":{\"released\":{\"gt\":\"2022-01-01T00:00:00Z\"}}}")).isEmpty();
    assertThat(matching("{\"range\":{\"released\":{\"lt\":\"now-1d\"}}}")).containsExactly("a", "b", "c", "d");
    assertThat(matching("{\"range\":{\"brand\":{\"gte\":\"b\"}}}")).containsExactly("b");
  }

  @Test
  default void existsAndIds() throws Exception {
    products();
    assertThat(matching("{\"exists\":{\"field\":\"rating\"}}")).containsExactly("a", "b", "c");
    assertThat(matching("{\"exists\":{\"field\":\"maker\"}}")).containsExactly("a", "b", "c");
    assertThat(matching("{\"exists\":{\"field\":\"tags\"}}")).containsExactly("a", "b", "c");
    assertThat(matching("{\"exists\":{\"field\":\"secret\"}}")).isEmpty();
    assertThat(matching("{\"ids\":{\"values\":[\"a\",\"d\",\"zz\"]}}")).containsExactly("a", "d");
  }

  @Test
  default void prefixWildcardRegexpAndFuzzy() throws Exception {
    products();
    assertThat(matching("{\"prefix\":{\"brand\":\"ac\"}}")).containsExactly("a", "c");
    assertThat(matching("{\"prefix\":{\"name\":{\"value\":\"walk\"}}}")).containsExactly("c");
    assertThat(matching("{\"wildcard\":{\"brand\":{\"value\":\"a?m*\"}}}")).containsExactly("a", "c");
    assertThat(matching("{\"wildcard\":{\"name\":\"run*\"}}")).containsExactly("a", "b");
    assertThat(matching("{\"regexp\":{\"brand\":\"ac.e|zen.*\"}}")).containsExactly("a", "b", "c");
    assertThat(matching("{\"fuzzy\":{\"brand\":\"acne\"}}")).containsExactly("a", "c");
  }

  @Test
  default void bool_combinesMustFilterShouldAndMustNot() throws Exception {
    products();
    assertThat(matching("{\"bool\":{\"must\":{\"match\":{\"name\":\"red\"}},\"filter\":[{\"term\":{\"brand\":"
      + "\"acme\"}}]}}")).containsExactly("a");
    assertThat(matching("{\"bool\":{\"should\":[{\"term\":{\"brand\":\"acme\"}},{\"term\":{\"tags\":\"red\"}},"
      + "{\"range\":{\"price\":{\"lte\":20}}}],\"minimum_should_match\":2}}")).containsExactly("a");
    assertThat(matching("{\"bool\":{\"should\":[{\"term\":{\"brand\":\"acme\"}},{\"term\":{\"tags\":\"blue\"}}]}}"))
      .containsExactly("a", "b", "c");
    assertThat(matching("{\"bool\":{\"must_not\":[{\"term\":{\"brand\":\"acme\"}}]}}")).containsExactly("b", "d");
    assertThat(matching("{\"bool\":{\"filter\":{\"term\":{\"stock\":true}},\"should\":[{\"term\":{\"brand\":"
      + "\"zenith\"}}]}}")).containsExactly("a", "c");
    assertThat(matching("{\"bool\":{\"must\":[{\"bool\":{\"should\":[{\"term\":{\"price\":15}},{\"term\":"
      + "{\"price\":120}}]}}],\"must_not\":{\"exists\":{\"field\":\"rating\"}}}}")).containsExactly("d");
  }

  @Test
  default void geoDistance_inEveryUnit_andBoundingBox() throws Exception {
    products();
    assertThat(matching("{\"geo_distance\":{\"distance\":\"400km\",\"location\":{\"lat\":48.8566,\"lon\":2.3522}}}"))
      .containsExactly("a", "b");
    assertThat(matching("{\"geo_distance\":{\"distance\":\"100km\",\"location\":\"48.85,2.35\"}}"))
      .containsExactly("a");
    assertThat(matching("{\"geo_distance\":{\"distance\":\"250mi\",\"location\":[2.3522,48.8566]}}"))
      .containsExactly("a", "b");
    assertThat(matching("{\"geo_distance\":{\"distance\":\"200nmi\",\"location\":[2.3522,48.8566]}}"))
      .containsExactly("a", "b");
    assertThat(matching("{\"geo_distance\":{\"distance\":\"437445yd\",\"location\":[2.3522,48.8566]}}"))
      .containsExactly("a", "b");
    assertThat(matching("{\"geo_distance\":{\"distance\":\"300000m\",\"location\":[2.3522,48.8566]}}"))
      .containsExactly("a");
    assertThat(matching("{\"geo_bounding_box\":{\"location\":{\"top_left\":{\"lat\":60,\"lon\":-10},"
      + "\"bottom_right\":{\"lat\":45,\"lon\":20}}}}")).containsExactly("a", "b", "c");
    assertThat(matching("{\"geo_bounding_box\":{\"location\":{\"top\":45,\"left\":-80,\"bottom\":35,"
      + "\"right\":-70}}}")).containsExactly("d");
  }

  @Test
  default void queries_onUnmappedFields_matchNothing_andBadQueriesAreRefused() throws Exception {
    products();
    assertThat(matching("{\"term\":{\"secret\":\"red\"}}")).isEmpty();
    assertThat(matching("{\"match\":{\"nope\":\"red\"}}")).isEmpty();
    assertThat(searchError("{\"query\":{\"equals\":{\"brand\":\"acme\"}}}"))
      .isEqualTo("services.storage.unknown_query_keyword");
    assertThat(searchError("{\"query\":{\"term\":{\"price\":\"cheap\"}}}"))
      .isEqualTo("services.storage.unexpected_bad_request");
    assertThat(searchError("{\"query\":{\"term\":{\"brand\":\"a\",\"price\":1}}}"))
      .isEqualTo("services.storage.unexpected_bad_request");
    assertThat(searchError("{\"query\":{\"geo_distance\":{\"distance\":\"1 parsec\",\"location\":[0,0]}}}"))
      .isEqualTo("services.storage.unexpected_bad_request");
    assertThat(searchError("{\"query\":{\"regexp\":{\"brand\":\"a[\"}}}"))
      .isEqualTo("services.storage.unexpected_bad_request");
    assertThat(searchError("{\"query\":{\"bool\":{\"must\":\"nope\"}}}"))
      .isEqualTo("services.storage.unexpected_bad_request");
  }
}
