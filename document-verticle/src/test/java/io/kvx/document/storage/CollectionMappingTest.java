package io.kvx.document.storage;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectionMappingTest {

  private static String errorOf(String mapping) {
    try {
      CollectionMapping.parse(new JsonObject(mapping));
    } catch (KuzzleError e) {
      return e.id();
    }
    return null;
  }

  @Test
  void parse_whenInvalid_failsWithCataloguedError() {
    assertThat(errorOf("{\"properties\":{\"a\":{\"type\":\"string\"}}}"))
      .isEqualTo("services.storage.invalid_mapping_type");
    assertThat(errorOf("{\"properties\":{\"a\":{\"type\":\"keyword\",\"bogus\":1}}}"))
      .isEqualTo("services.storage.unexpected_properties");
    assertThat(errorOf("{\"dynamic\":\"maybe\"}")).isEqualTo("services.storage.invalid_mapping_argument");
    assertThat(errorOf("{\"mappings\":{}}")).isEqualTo("services.storage.invalid_mapping");
    assertThat(errorOf("{\"properties\":{\"a\":{\"properties\":{\"b\":{\"type\":\"nope\"}}}}}"))
      .isEqualTo("services.storage.invalid_mapping_type");
    assertThat(errorOf("{\"dynamic\":true,\"properties\":{\"a\":{\"properties\":{\"b\":{\"type\":\"date\"}}}}}"))
      .isNull();
  }

  @Test
  void toJson_hidesKuzzleInfoUnlessAsked() {
    CollectionMapping mapping = CollectionMapping.parse(new JsonObject("{\"properties\":{\"a\":{\"type\":\"long\"}}}"));
    assertThat(mapping.toJson(false).getJsonObject("properties").fieldNames()).containsExactly("a");
    assertThat(mapping.toJson(true).getJsonObject("properties").fieldNames()).contains("a", "_kuzzle_info");
    assertThat(mapping.toJson(false).getString("dynamic")).isEqualTo("false");
  }

  @Test
  void nameRules_refuseWhatKuzzleRefuses() {
    for (String bad : new String[] {"", "UPPER", "a b", "a.b", "a/b", "_all", "a%b", "x".repeat(127)}) {
      assertThatThrownBy(() -> NameRules.checkIndex(bad)).as(bad).isInstanceOf(KuzzleError.class);
    }
    NameRules.checkIndex("my-index_1");
    NameRules.checkIndex("été");
    assertThatThrownBy(() -> NameRules.checkCollection("_kuzzle_keep"))
      .hasFieldOrPropertyWithValue("id", "services.storage.collection_reserved");
  }
}
