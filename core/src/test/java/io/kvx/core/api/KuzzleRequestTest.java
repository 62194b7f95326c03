package io.kvx.core.api;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KuzzleRequestTest {

  private static KuzzleRequest ws(String json) {
    return new KuzzleRequest(new JsonObject(json), Protocol.WEBSOCKET);
  }

  private static KuzzleRequest http(JsonObject args) {
    return new KuzzleRequest(args.put("controller", "c").put("action", "a"), Protocol.HTTP);
  }

  private static String errorId(Runnable call) {
    try {
      call.run();
    } catch (KuzzleError e) {
      return e.id();
    }
    return null;
  }

  @Test
  void check_whenControllerMissingOrEmpty_failsWithMissingArgument() {
    assertThat(errorId(() -> ws("{\"action\":\"now\"}").check())).isEqualTo("api.assert.missing_argument");
    assertThat(errorId(() -> ws("{\"controller\":\"\",\"action\":\"now\"}").check()))
      .isEqualTo("api.assert.missing_argument");
    assertThat(errorId(() -> ws("{\"controller\":\"server\"}").check())).isEqualTo("api.assert.missing_argument");
    assertThat(errorId(() -> ws("{\"controller\":1,\"action\":\"now\"}").check()))
      .isEqualTo("api.assert.invalid_type");
    assertThat(errorId(() -> ws("{\"controller\":\"s\",\"action\":\"n\",\"body\":3}").check()))
      .isEqualTo("api.assert.invalid_type");
  }

  @Test
  void requestId_whenAbsent_isGeneratedUuid() {
    assertThat(ws("{\"controller\":\"s\",\"action\":\"n\"}").requestId()).matches("[0-9a-f-]{36}");
    assertThat(ws("{\"controller\":\"s\",\"action\":\"n\",\"requestId\":\"r1\"}").requestId()).isEqualTo("r1");
  }

  @Test
  void getBoolean_overWebSocket_requiresRealBoolean() {
    assertThat(ws("{\"silent\":true}").getBoolean("silent")).isTrue();
    assertThat(ws("{}").getBoolean("silent")).isFalse();
    assertThat(errorId(() -> ws("{\"silent\":\"true\"}").getBoolean("silent"))).isEqualTo("api.assert.invalid_type");
  }

  @Test
  void getBoolean_overHttp_isPresenceFlag() {
    assertThat(http(new JsonObject().put("silent", "")).getBoolean("silent")).isTrue();
    assertThat(http(new JsonObject().put("silent", "false")).getBoolean("silent")).isTrue();
    assertThat(http(new JsonObject()).getBoolean("silent")).isFalse();
  }

  @Test
  void getInteger_whenNumericString_isAccepted() {
    assertThat(ws("{\"size\":\"42\"}").getInteger("size", 10)).isEqualTo(42);
    assertThat(ws("{\"size\":42.0}").getInteger("size", 10)).isEqualTo(42);
    assertThat(ws("{}").getInteger("size", 10)).isEqualTo(10);
    assertThat(errorId(() -> ws("{\"size\":\"4x\"}").getInteger("size", 10))).isEqualTo("api.assert.invalid_type");
    assertThat(errorId(() -> ws("{\"size\":4.5}").getInteger("size", 10))).isEqualTo("api.assert.invalid_type");
  }

  @Test
  void getArray_overHttp_acceptsJsonAndCommaJoined() {
    assertThat(http(new JsonObject().put("ids", "a,b")).getArray("ids")).isEqualTo(new JsonArray().add("a").add("b"));
    assertThat(http(new JsonObject().put("ids", "[\"a\",\"b\"]")).getArray("ids"))
      .isEqualTo(new JsonArray().add("a").add("b"));
    assertThat(errorId(() -> ws("{\"ids\":\"a,b\"}").getArray("ids"))).isEqualTo("api.assert.invalid_type");
  }

  @Test
  void getObject_overHttp_acceptsJsonText() {
    assertThat(http(new JsonObject().put("searchBody", "{\"query\":{}}")).getObject("searchBody"))
      .isEqualTo(new JsonObject().put("query", new JsonObject()));
    assertThat(errorId(() -> http(new JsonObject().put("searchBody", "{nope")).getObject("searchBody")))
      .isEqualTo("api.assert.invalid_type");
  }

  @Test
  void getBody_whenMissingOrNotObject_fails() {
    assertThat(errorId(() -> ws("{}").getBody())).isEqualTo("api.assert.body_required");
    assertThat(errorId(() -> ws("{\"body\":[1]}").getBody())).isEqualTo("api.assert.invalid_type");
    assertThat(errorId(() -> ws("{\"body\":{}}").getBodyString("name"))).isEqualTo("api.assert.missing_argument");
    assertThat(ws("{\"body\":{\"name\":\"x\"}}").getBodyString("name")).isEqualTo("x");
  }

  @Test
  void getRefresh_acceptsOnlyWaitForAndFalse() {
    assertThat(ws("{\"refresh\":\"wait_for\"}").getRefresh("false")).isEqualTo("wait_for");
    assertThat(ws("{\"refresh\":false}").getRefresh("wait_for")).isEqualTo("false");
    assertThat(ws("{}").getRefresh("false")).isEqualTo("false");
    assertThatThrownBy(() -> ws("{\"refresh\":\"true\"}").getRefresh("false"))
      .hasFieldOrPropertyWithValue("id", "services.storage.invalid_argument");
  }
}
