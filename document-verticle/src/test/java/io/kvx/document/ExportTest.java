package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.kvx.core.bus.Chunk;
import io.kvx.core.bus.ResponseStreams;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.error.KuzzleError;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.Pipeline;
import io.kvx.document.storage.embedded.EmbeddedEngine;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** document:export through the pipeline: the stream it answers, its JSONL and CSV content, and its errors. */
class ExportTest {

  private static final String TARGET = "\"index\":\"shop\",\"collection\":\"items\"";
  private static final int DOCUMENTS = 1200;

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private EmbeddedEngine engine;
  private Pipeline pipeline;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    engine = EmbeddedEngine.open(vertx, dataDir).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(new DocumentVerticle(engine)).await(10, TimeUnit.SECONDS);
    pipeline = new Pipeline(vertx, new KvxNode(new JsonObject(), ControllerRegistry.withCoreApi()));
    assertThat(call("{\"controller\":\"collection\",\"action\":\"create\"," + TARGET + ",\"body\":{\"mappings\":"
      + "{\"properties\":{\"n\":{\"type\":\"integer\"},\"name\":{\"type\":\"keyword\"},\"tags\":{\"type\":\"keyword\"},"
      + "\"address\":{\"properties\":{\"city\":{\"type\":\"keyword\"}}}}}}}", Protocol.WEBSOCKET).status())
      .isEqualTo(200);
    JsonArray documents = new JsonArray();
    for (int i = 0; i < DOCUMENTS; i++) {
      documents.add(new JsonObject().put("_id", String.format("d%04d", i)).put("body", new JsonObject().put("n", i)
        .put("name", "item " + i).put("address", new JsonObject().put("city", i % 2 == 0 ? "Paris" : "Lyon"))));
    }
    documents.add(new JsonObject().put("_id", "odd").put("body", new JsonObject().put("n", -1.5)
      .put("name", "says \"hi\", twice\nthen leaves").put("tags", new JsonArray().add("a"))));
    KuzzleResponse written = call("{\"controller\":\"bulk\",\"action\":\"mWrite\"," + TARGET + ",\"body\":"
      + new JsonObject().put("documents", documents) + "}", Protocol.WEBSOCKET);
    assertThat(written.status()).isEqualTo(200);
    engine.refresh("shop", "items").await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    engine.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private KuzzleResponse call(String envelope, Protocol protocol) throws Exception {
    KuzzleRequest request = new KuzzleRequest(new JsonObject(envelope), protocol);
    return pipeline.execute(request, new RequestContext("c", protocol, null, null, User.ANONYMOUS))
      .await(10, TimeUnit.SECONDS);
  }

  private KuzzleResponse export(String rest) throws Exception {
    return call("{\"controller\":\"document\",\"action\":\"export\"," + TARGET + rest + "}", Protocol.HTTP);
  }

  /** The whole stream of a stream response, and how many chunks it came in. */
  private record Download(String text, int chunks) {
    List<String> lines() {
      return List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }
  }

  private Download download(KuzzleResponse response) throws Exception {
    assertThat(response.error()).isNull();
    assertThat(response.isStream()).isTrue();
    StringBuilder text = new StringBuilder();
    int chunks = 0;
    Chunk chunk;
    do {
      chunk = ResponseStreams.next(vertx, response.streamAddress(), 5000).await(10, TimeUnit.SECONDS);
      text.append(chunk.data());
      chunks++;
    } while (!chunk.last());
    return new Download(text.toString(), chunks);
  }

  @Test
  void jsonl_isAHeaderLine_thenOneIdAndBodyLinePerDocument_pageByPage() throws Exception {
    KuzzleResponse response = export(",\"size\":100");
    assertThat(response.rawContentType()).isEqualTo("html/text");
    assertThat(response.headers().getString("Content-Disposition"))
      .isEqualTo("attachment; filename=\"shop-items.jsonl\"");
    Download download = download(response);
    List<String> lines = download.lines();
    assertThat(new JsonObject(lines.get(0))).isEqualTo(new JsonObject(
      "{\"collection\":\"items\",\"index\":\"shop\",\"type\":\"collection\"}"));
    assertThat(lines).hasSize(DOCUMENTS + 2);
    Set<String> ids = new HashSet<>();
    for (String line : lines.subList(1, lines.size())) {
      JsonObject document = new JsonObject(line);
      assertThat(document.fieldNames()).containsExactly("_id", "body");
      assertThat(document.getJsonObject("body").getValue("n")).isNotNull();
      ids.add(document.getString("_id"));
    }
    assertThat(ids).hasSize(DOCUMENTS + 1);
    assertThat(download.chunks()).isBetween(13, 14);
  }

  @Test
  void jsonl_followsTheQueryAndSort_inBothQueryLanguages() throws Exception {
    Download elasticsearch = download(export(",\"body\":{\"query\":{\"range\":{\"n\":{\"lt\":3}}},"
      + "\"sort\":[{\"n\":\"desc\"}]}"));
    assertThat(elasticsearch.lines().subList(1, 5).stream().map(line -> new JsonObject(line).getString("_id")))
      .containsExactly("d0002", "d0001", "d0000", "odd");
    Download koncorde = download(export(",\"lang\":\"koncorde\",\"body\":{\"query\":{\"and\":[{\"equals\":"
      + "{\"address.city\":\"Lyon\"}},{\"range\":{\"n\":{\"lt\":10}}}]}}"));
    assertThat(koncorde.lines()).hasSize(6);
  }

  @Test
  void csv_writesTheFieldsAtTheirPaths_renamed_withTheSeparator_escapingWhatNeedsIt() throws Exception {
    KuzzleResponse response = export(",\"format\":\"CSV\",\"separator\":\";\",\"body\":{\"query\":{\"ids\":"
      + "{\"values\":[\"odd\",\"d0003\"]}},\"sort\":{\"n\":\"asc\"},\"fields\":[\"_id\",\"name\",\"address.city\","
      + "\"tags\",\"missing\",\"n\"],\"fieldsName\":{\"address.city\":\"City; town\",\"n\":\"Number\"}}");
    assertThat(response.rawContentType()).isEqualTo("text/csv");
    assertThat(response.headers().getString("Content-Disposition"))
      .isEqualTo("attachment; filename=\"shop-items.csv\"");
    assertThat(download(response).text()).isEqualTo("_id;name;\"City; town\";tags;missing;Number\n"
      + "odd;\"says \"\"hi\"\", twice\nthen leaves\";;[OBJECT];;-1.5\n"
      + "d0003;item 3;Lyon;;;3\n");
  }

  @Test
  void csv_withoutFields_exportsTheMappedLeafFields_sortedByPath() throws Exception {
    Download download = download(export(",\"format\":\"csv\",\"body\":{\"query\":{\"ids\":{\"values\":[\"d0004\"]}}}"));
    assertThat(download.text()).isEqualTo("_id,address.city,n,name,tags\nd0004,Paris,4,item 4,\n");
  }

  @Test
  void overOtherProtocols_theActionIsRefused() throws Exception {
    KuzzleResponse response = call("{\"controller\":\"document\",\"action\":\"export\"," + TARGET + "}",
      Protocol.WEBSOCKET);
    assertThat(response.error().id()).isEqualTo("api.assert.unsupported_protocol");
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.error().getMessage()).contains("\"websocket\"").contains("document:export");
  }

  @Test
  void badArguments_andMissingCollections_areCatalogueErrors_beforeAnyStream() throws Exception {
    assertThat(export(",\"format\":\"xml\"").error().id()).isEqualTo("api.assert.invalid_argument");
    assertThat(export(",\"size\":0").error().id()).isEqualTo("api.assert.invalid_argument");
    assertThat(export(",\"size\":100000").error().id()).isEqualTo("services.storage.get_limit_exceeded");
    assertThat(export(",\"scroll\":\"1h\"").error().id()).isEqualTo("services.storage.scroll_duration_too_great");
    assertThat(export(",\"lang\":\"sql\"").error().id()).isEqualTo("api.assert.invalid_argument");
    assertThat(export(",\"separator\":\"\"").error().id()).isEqualTo("api.assert.invalid_argument");
    assertThat(export(",\"body\":{\"fields\":[1]}").error().id()).isEqualTo("api.assert.invalid_type");
    assertThat(export(",\"body\":{\"query\":{\"nope\":{}}}").status()).isEqualTo(400);
    KuzzleResponse missing = call("{\"controller\":\"document\",\"action\":\"export\",\"index\":\"shop\","
      + "\"collection\":\"none\"}", Protocol.HTTP);
    assertThat(missing.error().id()).isEqualTo("services.storage.unknown_collection");
  }

  @Test
  void httpArguments_mayCarryTheQueryFieldsAndNamesAsText() throws Exception {
    Download download = download(export(",\"format\":\"csv\","
      + "\"query\":\"{\\\"ids\\\":{\\\"values\\\":[\\\"d0001\\\"]}}\","
      + "\"fields\":\"name,n\",\"fieldsName\":\"{\\\"n\\\":\\\"N\\\"}\""));
    assertThat(download.text()).isEqualTo("_id,name,N\nd0001,item 1,1\n");
  }

  @Test
  void cancelledExport_closesItsStream() throws Exception {
    KuzzleResponse response = export(",\"size\":10");
    String address = response.streamAddress();
    assertThat(ResponseStreams.next(vertx, address, 5000).await(10, TimeUnit.SECONDS).last()).isFalse();
    ResponseStreams.cancel(vertx, address);
    Thread.sleep(100);
    assertThatThrownBy(() -> ResponseStreams.next(vertx, address, 5000).await(10, TimeUnit.SECONDS))
      .satisfies(e -> assertThat(KuzzleError.fromFailure(e).id()).isEqualTo("network.http.stream_closed"));
  }
}
