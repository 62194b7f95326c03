package io.kvx.document.storage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Helpers shared by the search contracts: a mapped collection of four products, and searches by JSON text. */
public interface SearchFixture {

  StorageEngine engine();

  String MAPPING = "{\"dynamic\":\"false\",\"properties\":{"
    + "\"name\":{\"type\":\"text\",\"fields\":{\"raw\":{\"type\":\"keyword\"}}},"
    + "\"brand\":{\"type\":\"keyword\"},\"price\":{\"type\":\"integer\"},\"rating\":{\"type\":\"float\"},"
    + "\"stock\":{\"type\":\"boolean\"},\"released\":{\"type\":\"date\"},\"tags\":{\"type\":\"keyword\"},"
    + "\"location\":{\"type\":\"geo_point\"},\"maker\":{\"properties\":{\"country\":{\"type\":\"keyword\"}}}}}";

  /** Paris, London, Berlin and New York products; {@code secret} is not mapped. */
  List<String> PRODUCTS = List.of(
    "{\"name\":\"Red running shoes\",\"brand\":\"acme\",\"price\":50,\"rating\":4.5,\"stock\":true,"
      + "\"released\":\"2020-01-15\",\"tags\":[\"sport\",\"red\"],\"location\":{\"lat\":48.8566,\"lon\":2.3522},"
      + "\"maker\":{\"country\":\"fr\"},\"secret\":\"red\"}",
    "{\"name\":\"Blue running jacket\",\"brand\":\"zenith\",\"price\":120,\"rating\":3.9,\"stock\":false,"
      + "\"released\":\"2021-06-01T10:00:00Z\",\"tags\":[\"sport\",\"blue\"],\"location\":\"51.5074,-0.1278\","
      + "\"maker\":{\"country\":\"uk\"}}",
    "{\"name\":\"Green walking shoes\",\"brand\":\"acme\",\"price\":80,\"rating\":4.1,\"stock\":true,"
      + "\"released\":1640995200000,\"tags\":[\"outdoor\"],\"location\":[13.405,52.52],"
      + "\"maker\":{\"country\":\"de\"}}",
    "{\"name\":\"Red wool hat\",\"brand\":\"Nordic\",\"price\":15,\"released\":\"2019-11-30\",\"tags\":[],"
      + "\"location\":{\"lat\":40.7128,\"lon\":-74.006}}");

  /** Creates {@code shop/items} with {@link #MAPPING} and the products as documents a, b, c and d, refreshed. */
  default void products() throws Exception {
    StorageEngineContract.await(engine().createCollection("shop", "items", new JsonObject(MAPPING), null));
    for (int i = 0; i < PRODUCTS.size(); i++) {
      StorageEngineContract.await(engine().write("shop", "items", String.valueOf((char) ('a' + i)),
        new JsonObject(PRODUCTS.get(i)), WriteMode.CREATE, false));
    }
    StorageEngineContract.await(engine().refresh("shop", "items"));
  }

  default SearchResult search(String body) throws Exception {
    return StorageEngineContract.await(engine().search("shop", "items", new JsonObject(body), 0));
  }

  /** The ids a query matches, sorted, to compare sets. */
  default List<String> matching(String query) throws Exception {
    return search("{\"query\":" + query + ",\"size\":100}").hits().stream().map(SearchResult.Hit::id).sorted()
      .toList();
  }

  /** The ids of a search's hits, in order. */
  default List<String> ids(String body) throws Exception {
    return search(body).hits().stream().map(SearchResult.Hit::id).toList();
  }

  default String searchError(String body) throws Exception {
    return StorageEngineContract.errorOf(engine().search("shop", "items", new JsonObject(body), 0));
  }

  default JsonArray sortOf(SearchResult result, int hit) {
    return result.hits().get(hit).sort();
  }
}
