package io.kvx.document.storage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code highlight} of searches every engine must answer alike, on the {@link SearchFixture} products. */
public interface HighlightContract extends SearchFixture {
  @Test
  default void highlight_marksTheMatchedWordsOfTheRequestedFields() throws Exception {
    products();
    SearchResult result = search("{\"query\":{\"bool\":{\"must\":[{\"match\":{\"name\":\"red\"}},"
      + "{\"prefix\":{\"name\":\"sho\"}}],\"should\":{\"term\":{\"brand\":\"acme\"}}}},"
      + "\"highlight\":{\"fields\":{\"name\":{},\"bra*\":{}}}}");
    assertThat(result.hits()).hasSize(1);
    assertThat(result.hits().get(0).highlight()).isEqualTo(new JsonObject().put("name", new JsonArray()
      .add("<em>Red</em> running <em>shoes</em>")).put("brand", new JsonArray().add("<em>acme</em>")));
    SearchResult tagged = search("{\"query\":{\"match\":{\"name\":\"hat\"}},\"highlight\":{\"pre_tags\":"
      + "[\"[\"],\"post_tags\":[\"]\"],\"fields\":[{\"name\":{}},{\"tags\":{}}]}}");
    assertThat(tagged.hits().get(0).highlight()).isEqualTo(new JsonObject().put("name", new JsonArray()
      .add("Red wool [hat]")));
    assertThat(search("{\"query\":{\"term\":{\"price\":50}},\"highlight\":{\"fields\":{\"name\":{}}}}")
      .hits().get(0).highlight()).isNull();
  }
}
