package io.kvx.document.storage;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SearchBodiesTest {

  private static KuzzleError refusal(String body) {
    return catchThrowableOfType(KuzzleError.class, () -> SearchBodies.check(new JsonObject(body)));
  }

  @Test
  void check_acceptsWhitelistedKeysAndStoredScripts() {
    JsonObject body = new JsonObject("{\"query\":{\"match_all\":{}},\"sort\":[{\"_script\":{\"id\":\"s\","
      + "\"params\":{\"a\":1}}}],\"from\":0,\"size\":1,\"search_after\":[1],\"_source\":false}");
    assertThat(SearchBodies.check(body)).isSameAs(body);
  }

  @Test
  void check_refusesOtherTopLevelKeys_namingThem() {
    KuzzleError refused = refusal("{\"query\":{},\"script_fields\":{}}");
    assertThat(refused.id()).isEqualTo("services.storage.invalid_search_query");
    assertThat(refused.props()).containsExactly("script_fields");
  }

  @Test
  void check_refusesInlineScriptsAtAnyDepth_evenInArrays() {
    KuzzleError refused = refusal("{\"query\":{\"bool\":{\"must\":[{\"match_all\":{}},{\"script\":{\"script\":"
      + "{\"source\":\"doc['a'].value > 1\"}}}]}}}");
    assertThat(refused.id()).isEqualTo("services.storage.invalid_query_keyword");
    // As Kuzzle's check: the script query's own "script" key counts as an argument of a script.
    assertThat(refused.props()).containsExactly("script.script");
    assertThat(refusal("{\"sort\":{\"_script\":\"x\"}}").id()).isEqualTo("services.storage.invalid_query_keyword");
  }
}
