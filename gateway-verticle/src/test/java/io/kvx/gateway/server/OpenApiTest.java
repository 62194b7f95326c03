package io.kvx.gateway.server;

import io.kvx.core.config.Yaml;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.controller.ControllerDefinition;
import io.kvx.core.controller.CoreApi;
import io.kvx.core.controller.HttpRoute;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kvx.gateway.server.ServerHarness.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@ExtendWith(VertxExtension.class)
class OpenApiTest {

  private Vertx vertx;
  private ServerHarness harness;

  @BeforeEach
  void start(VertxTestContext ctx) {
    vertx = Vertx.vertx();
    harness = new ServerHarness(vertx, new JsonObject());
    harness.node.registry().add(new ControllerDefinition("greeting",
      Map.of("hello", List.of(new HttpRoute("GET", "/greeting/:name", false)))));
    harness.start().onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    vertx.close().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void openapi_whenDefaultFormat_returnsARawJsonOpenApi3Document(VertxTestContext ctx) {
    verify(ctx, harness.execute("openapi", new JsonObject()), response -> {
      assertThat(response.isRaw()).isTrue();
      assertThat(response.rawContentType()).isEqualTo("application/json");
      JsonObject document = (JsonObject) response.result();
      assertThat(document.getString("openapi")).startsWith("3.0.");
      assertThat(document.getJsonObject("info").getString("version")).isEqualTo("2.56.0");
      JsonObject get = document.getJsonObject("paths").getJsonObject("/{index}/{collection}/{_id}")
        .getJsonObject("get");
      assertThat(get.getString("operationId")).isEqualTo("document:get");
      assertThat(get.getString("x-kuzzle-action")).isEqualTo("document:get");
      assertThat(get.getJsonArray("tags")).isEqualTo(new JsonArray().add("document"));
      assertThat(get.getJsonArray("parameters").stream().map(p -> (JsonObject) p))
        .extracting(p -> p.getString("name"), p -> p.getString("in"), p -> p.getBoolean("required"))
        .containsExactly(tuple("index", "path", true),
          tuple("collection", "path", true),
          tuple("_id", "path", true));
      assertThat(get.getJsonObject("responses").fieldNames()).contains("200", "default");
    });
  }

  @Test
  void openapi_whenScopeKuzzle_describesEveryCurrentCoreRouteOnly(VertxTestContext ctx) {
    verify(ctx, harness.execute("openapi", new JsonObject().put("scope", "kuzzle")), response -> {
      JsonObject paths = ((JsonObject) response.result()).getJsonObject("paths");
      List<String> operationIds = operationIds(paths);
      assertThat(operationIds).hasSize(currentCoreRoutes()).doesNotHaveDuplicates()
        .contains("server:openapi", "server:info", "memoryStorage:get", "realtime:publish")
        .noneMatch(id -> id.startsWith("greeting:"));
      assertThat(paths.getJsonObject("/").getJsonObject("get").getString("operationId")).isEqualTo("server:info");
      JsonObject serverInfo = paths.getJsonObject("/_serverInfo").getJsonObject("get");
      assertThat(serverInfo.getString("operationId")).isEqualTo("server:info:2");
      assertThat(serverInfo.getString("x-kuzzle-action")).isEqualTo("server:info");
      assertThat(paths.fieldNames())
        .doesNotContain("/_publicApi", "/_getStats", "/_/greeting/{name}")
        .noneMatch(path -> path.contains(":"));
      assertThat(((JsonObject) response.result()).getJsonArray("tags").stream()
        .map(t -> ((JsonObject) t).getString("name")).toList())
        .contains("document", "server").doesNotContain("greeting").isSorted();
    });
  }

  @Test
  void openapi_whenScopeApp_describesOnlyApplicationControllers(VertxTestContext ctx) {
    verify(ctx, harness.execute("openapi", new JsonObject().put("scope", "app")), response -> {
      JsonObject document = (JsonObject) response.result();
      JsonObject paths = document.getJsonObject("paths");
      assertThat(paths.fieldNames()).containsExactly("/_/greeting/{name}");
      JsonObject get = paths.getJsonObject("/_/greeting/{name}").getJsonObject("get");
      assertThat(get.getString("operationId")).isEqualTo("greeting:hello");
      assertThat(get.getJsonArray("parameters").getJsonObject(0).getString("name")).isEqualTo("name");
      assertThat(document.getJsonArray("tags").getJsonObject(0).getString("name")).isEqualTo("greeting");
    });
  }

  @Test
  void openapi_whenFormatYaml_returnsYamlThatParsesBackToTheJsonDocument(VertxTestContext ctx) {
    Future<KuzzleResponse> json = harness.execute("openapi", new JsonObject());
    Future<KuzzleResponse> yaml = harness.execute("openapi", new JsonObject().put("format", "yaml"));
    verify(ctx, Future.all(json, yaml), both -> {
      KuzzleResponse yamlResponse = both.resultAt(1);
      assertThat(yamlResponse.rawContentType()).isEqualTo("application/yaml");
      assertThat(yamlResponse.result()).isInstanceOf(String.class);
      String text = (String) yamlResponse.result();
      assertThat(text).contains("openapi: 3.0.3").contains("operationId: document:get");
      assertThat(parseYaml(text)).isEqualTo(((KuzzleResponse) both.resultAt(0)).result());
    });
  }

  @Test
  void openapi_whenFormatUnknown_answers400InvalidArgument(VertxTestContext ctx) {
    verify(ctx, harness.call("openapi", new JsonObject().put("format", "xml")), envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(400);
      assertThat(envelope.getJsonObject("error").getString("id")).isEqualTo("api.assert.invalid_argument");
      assertThat(envelope.getJsonObject("error").getJsonArray("props").getString(0)).isEqualTo("format");
    });
  }

  @Test
  void openapi_whenScopeUnknown_answers400InvalidArgument(VertxTestContext ctx) {
    verify(ctx, harness.call("openapi", new JsonObject().put("scope", "plugins")), envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(400);
      assertThat(envelope.getJsonObject("error").getString("id")).isEqualTo("api.assert.invalid_argument");
      assertThat(envelope.getJsonObject("error").getJsonArray("props").getString(0)).isEqualTo("scope");
    });
  }

  @Test
  void openapi_whenFormatIsNotAString_answers400InvalidType(VertxTestContext ctx) {
    verify(ctx, harness.call("openapi", new JsonObject().put("format", 1)), envelope -> {
      assertThat(envelope.getInteger("status")).isEqualTo(400);
      assertThat(envelope.getJsonObject("error").getString("id")).isEqualTo("api.assert.invalid_type");
    });
  }

  private static List<String> operationIds(JsonObject paths) {
    List<String> ids = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      item.fieldNames().forEach(verb -> ids.add(item.getJsonObject(verb).getString("operationId")));
    }
    return ids;
  }

  private static int currentCoreRoutes() {
    return CoreApi.controllers().values().stream()
      .mapToInt(c -> (int) c.actions().values().stream().flatMap(List::stream).filter(r -> !r.deprecated()).count())
      .sum();
  }

  private static JsonObject parseYaml(String text) {
    return Yaml.read(text);
  }
}
