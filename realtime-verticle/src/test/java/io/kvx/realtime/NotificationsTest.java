package io.kvx.realtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationsTest {

  @Test
  void updatedFields_whenNestedChanges_expectDottedPathsOfChangedAddedAndRemovedFields() {
    JsonObject before = new JsonObject("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"e\":[1,2],\"gone\":true,"
      + "\"_kuzzle_info\":{\"updatedAt\":1}}");
    JsonObject after = new JsonObject("{\"a\":1.0,\"b\":{\"c\":5,\"d\":3,\"new\":{\"x\":1}},\"e\":[1,2,3],"
      + "\"_kuzzle_info\":{\"updatedAt\":2}}");

    assertThat(Notifications.updatedFields(before, after))
      .isEqualTo(new JsonArray().add("b.c").add("b.new").add("e").add("gone"));
  }

  @Test
  void updatedFields_whenObjectBecomesScalar_expectTheWholePath() {
    assertThat(Notifications.updatedFields(new JsonObject("{\"a\":{\"b\":1}}"), new JsonObject("{\"a\":2}")))
      .isEqualTo(new JsonArray().add("a"));
  }
}
