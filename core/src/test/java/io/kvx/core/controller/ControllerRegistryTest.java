package io.kvx.core.controller;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControllerRegistryTest {

  private final ControllerRegistry registry = ControllerRegistry.withCoreApi();

  @Test
  void coreApi_holdsEveryKuzzleController() {
    assertThat(CoreApi.controllers().keySet()).contains("admin", "auth", "bulk", "cluster", "collection",
      "document", "index", "memoryStorage", "realtime", "security", "server");
    assertThat(registry.controller("ms")).isSameAs(registry.controller("memoryStorage"));
    assertThat(registry.controller("realtime").hasAction("subscribe")).isTrue();
  }

  @Test
  void publicApi_listsCurrentRoutesAsTheSdkReadsThem() {
    JsonObject get = registry.publicApi().getJsonObject("document").getJsonObject("get");
    assertThat(get.getString("controller")).isEqualTo("document");
    assertThat(get.getJsonArray("http").getJsonObject(0).getString("verb")).isEqualTo("GET");
    assertThat(get.getJsonArray("http").getJsonObject(0).getString("url")).isEqualTo("/:index/:collection/:_id");
    JsonObject update = registry.publicApi().getJsonObject("document").getJsonObject("update");
    assertThat(update.getJsonArray("http").stream().map(r -> ((JsonObject) r).getString("verb")))
      .containsExactly("PATCH");
    assertThat(registry.publicApi().getJsonObject("realtime").getJsonObject("subscribe").containsKey("http"))
      .isFalse();
    assertThat(registry.publicApi().containsKey("ms")).isTrue();
  }

  @Test
  void add_whenCustomController_servesItsRoutesUnderUnderscorePrefix() {
    registry.add(new ControllerDefinition("greeting", Map.of("hello",
      List.of(new HttpRoute("GET", "/greeting/hello/:name", false)))));
    assertThat(registry.route("GET", "/_/greeting/hello/bob")).isEqualTo(new RouteMatch("greeting", "hello",
      Map.of("name", "bob")));
    assertThat(registry.publicApi().getJsonObject("greeting")).isNotNull();
    registry.remove("greeting");
    assertThat(registry.route("GET", "/_/greeting/hello/bob")).isNull();
    assertThat(registry.controller("greeting")).isNull();
  }

  @Test
  void add_whenNameIsCore_isRefused() {
    assertThatThrownBy(() -> registry.add(new ControllerDefinition("document", Map.of())))
      .isInstanceOf(IllegalArgumentException.class);
  }
}
