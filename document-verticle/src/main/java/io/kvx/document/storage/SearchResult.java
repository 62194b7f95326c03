package io.kvx.document.storage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One page of a search, in Elasticsearch's terms.
 *
 * @param hits the page's documents, in order
 * @param total how many documents match the query, exactly (Kuzzle asks Elasticsearch for exact totals)
 * @param scrollId the id that {@link StorageEngine#scroll} takes for the next page, or {@code null} without scroll
 * @param remaining matching documents not returned yet by this scroll, or {@code null} without scroll
 * @param aggregations the results of the body's aggregations, as Elasticsearch answers them
 *     ({@code {name: {buckets: [...]}}}, {@code {name: {value}}}), on the first page only; {@code null} without
 */
public record SearchResult(List<Hit> hits, long total, String scrollId, Long remaining, JsonObject aggregations) {

  /**
   * One matching document.
   *
   * @param score its relevance, or {@code null} when the search sorts on fields only (as Elasticsearch answers)
   * @param source its {@code _source} after {@code _source} filtering, or {@code null} when filtered out
   * @param sort its sort values, as Elasticsearch puts them on hits, or {@code null} when the body does not sort
   * @param highlight {@code {field: [values with the matches marked]}}, or {@code null} without highlight or match
   */
  public record Hit(String index, String collection, String id, Float score, JsonObject source, long version,
      JsonArray sort, JsonObject highlight) {
  }
}
