package io.kvx.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HttpGatewayTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = new GatewayFixture(new JsonObject().put("http", new JsonObject()
      .put("accessControlAllowOrigin", "http://good.example")));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
  }

  private record Reply(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }

    String errorId() {
      JsonObject json = json();
      JsonObject error = json.containsKey("error") ? json.getJsonObject("error") : json;
      return error == null ? null : error.getString("id");
    }
  }

  /** One request through the JDK's HTTP client, an implementation independent of the server's. */
  private static Reply send(HttpMethod method, String uri, MultiMap headers, Buffer body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port + uri))
      .timeout(Duration.ofSeconds(30))
      .method(method.name(), body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body.getBytes()));
    if (headers != null) {
      headers.forEach(header -> request.header(header.getKey(), header.getValue()));
    }
    HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    MultiMap received = MultiMap.caseInsensitiveMultiMap();
    response.headers().map().forEach((name, values) -> values.forEach(value -> received.add(name, value)));
    return new Reply(response.statusCode(), received, Buffer.buffer(response.body()));
  }

  private static Reply get(String uri) throws Exception {
    return send(HttpMethod.GET, uri, null, null);
  }

  private static Reply postJson(String uri, String json) throws Exception {
    return send(HttpMethod.POST, uri, MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"),
      Buffer.buffer(json));
  }

  @Test
  void get_whenRouteExists_answersEnvelopeWithKuzzleHeaders() throws Exception {
    Reply reply = send(HttpMethod.GET, "/_now", MultiMap.caseInsensitiveMultiMap()
      .add("X-Kuzzle-Request-Id", "req-1"), null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(reply.headers().get("X-Kuzzle-Request-Id")).isEqualTo("req-1");
    assertThat(reply.headers().get("X-Kuzzle-Node")).isEqualTo(gateway.node.id());
    assertThat(reply.headers().get("Access-Control-Allow-Methods")).contains("PATCH");
    JsonObject envelope = reply.json();
    assertThat(envelope.fieldNames()).containsExactly("action", "collection", "controller", "error", "headers",
      "index", "node", "requestId", "result", "status", "volatile");
    assertThat(envelope.getString("requestId")).isEqualTo("req-1");
    assertThat(envelope.getJsonObject("result").getLong("now")).isCloseTo(System.currentTimeMillis(),
      within(60_000L));
  }

  @Test
  void get_whenUrlUnknown_answers404EnvelopeWithNullController() throws Exception {
    Reply reply = get("/no/such/route/at/all/here");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.errorId()).isEqualTo("network.http.url_not_found");
    assertThat(reply.json().containsKey("controller")).isTrue();
    assertThat(reply.json().getString("controller")).isNull();
  }

  @Test
  void request_whenVerbUnknown_answers400UnsupportedVerb() throws Exception {
    Reply reply = send(HttpMethod.valueOf("BREW"), "/_now", null, null);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorId()).isEqualTo("network.http.unsupported_verb");
  }

  @Test
  void options_anyPath_answers200WithCors() throws Exception {
    Reply reply = send(HttpMethod.OPTIONS, "/whatever", MultiMap.caseInsensitiveMultiMap()
      .add("Origin", "http://good.example"), null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers().get("Access-Control-Allow-Origin")).isEqualTo("http://good.example");
    assertThat(reply.headers().get("Vary")).isEqualTo("Origin");
    assertThat(reply.json().getJsonObject("result")).isEqualTo(new JsonObject());
  }

  @Test
  void request_whenOriginNotAllowed_answers401() throws Exception {
    Reply reply = send(HttpMethod.GET, "/_now", MultiMap.caseInsensitiveMultiMap()
      .add("Origin", "http://evil.example"), null);
    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.errorId()).isEqualTo("api.process.unauthorized_origin");
  }

  @Test
  void probes_answerWithoutRouting() throws Exception {
    assertThat(get("/_healthcheck").status()).isEqualTo(200);
    assertThat(get("/_ready").status()).isEqualTo(200);
    assertThat(send(HttpMethod.HEAD, "/", null, null).status()).isEqualTo(200);
  }

  @Test
  void query_whenEnvelopePosted_runsIt() throws Exception {
    Reply reply = postJson("/_query", "{\"controller\":\"server\",\"action\":\"now\",\"requestId\":\"q1\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("requestId")).isEqualTo("q1");
    assertThat(reply.json().getString("action")).isEqualTo("now");
  }

  @Test
  void query_whenEmpty_answersMissingArgument() throws Exception {
    Reply reply = send(HttpMethod.POST, "/_query", null, null);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorId()).isEqualTo("api.assert.missing_argument");
  }

  @Test
  void body_whenInvalidJson_answersBareError() throws Exception {
    Reply reply = postJson("/_query", "{nope");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getString("id")).isEqualTo("network.http.body_parse_failed");
    assertThat(reply.json().containsKey("controller")).isFalse();
  }

  @Test
  void body_whenContentTypeOrCharsetRefused_answersBareError() throws Exception {
    Reply type = send(HttpMethod.POST, "/_query", MultiMap.caseInsensitiveMultiMap()
      .add("Content-Type", "text/plain"), Buffer.buffer("x"));
    assertThat(type.json().getString("id")).isEqualTo("network.http.unsupported_content");
    Reply charset = send(HttpMethod.POST, "/_query", MultiMap.caseInsensitiveMultiMap()
      .add("Content-Type", "application/json; charset=iso-8859-1"), Buffer.buffer("{}"));
    assertThat(charset.json().getString("id")).isEqualTo("network.http.unsupported_charset");
  }

  @Test
  void body_whenGzippedOrDeflated_isDecoded() throws Exception {
    byte[] envelope = "{\"controller\":\"server\",\"action\":\"now\"}".getBytes(StandardCharsets.UTF_8);
    Reply gzip = send(HttpMethod.POST, "/_query", MultiMap.caseInsensitiveMultiMap()
      .add("Content-Type", "application/json").add("Content-Encoding", "gzip"), Buffer.buffer(gzip(envelope)));
    assertThat(gzip.status()).isEqualTo(200);
    Reply layered = send(HttpMethod.POST, "/_query", MultiMap.caseInsensitiveMultiMap()
      .add("Content-Type", "application/json").add("Content-Encoding", "gzip, deflate"),
      Buffer.buffer(deflate(gzip(envelope))));
    assertThat(layered.status()).isEqualTo(200);
    Reply unknown = send(HttpMethod.POST, "/_query", MultiMap.caseInsensitiveMultiMap()
      .add("Content-Encoding", "br"), Buffer.buffer(envelope));
    assertThat(unknown.json().getString("id")).isEqualTo("network.http.unsupported_compression");
    Reply tooMany = send(HttpMethod.POST, "/_query", MultiMap.caseInsensitiveMultiMap()
      .add("Content-Encoding", "identity, identity, identity, identity"), Buffer.buffer(envelope));
    assertThat(tooMany.json().getString("id")).isEqualTo("network.http.too_many_encodings");
  }

  @Test
  void body_whenDecompressedBeyondLimit_answers413() throws Exception {
    byte[] bomb = gzip(new byte[2 * 1024 * 1024]);
    Reply reply = send(HttpMethod.POST, "/_query", MultiMap.caseInsensitiveMultiMap()
      .add("Content-Type", "application/json").add("Content-Encoding", "gzip"), Buffer.buffer(bomb));
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.json().getString("id")).isEqualTo("network.http.request_too_large");
  }

  @Test
  void response_whenClientAcceptsGzip_isCompressed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /_publicApi HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
      byte[] raw = socket.getInputStream().readAllBytes();
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      assertThat(text.toLowerCase()).contains("content-encoding: gzip");
    }
  }

  @Test
  void body_whenUrlencodedOrMultipart_becomesObject() throws Exception {
    Reply form = send(HttpMethod.POST, "/_query", MultiMap.caseInsensitiveMultiMap()
      .add("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer("controller=server&action=now"));
    assertThat(form.status()).isEqualTo(200);
    String boundary = "XyZ";
    String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"controller\"\r\n\r\nserver\r\n"
      + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nnow\r\n"
      + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\n"
      + "Content-Type: text/plain\r\n\r\nhello\r\n--" + boundary + "--\r\n";
    Reply parts = send(HttpMethod.POST, "/_query", MultiMap.caseInsensitiveMultiMap()
      .add("Content-Type", "multipart/form-data; boundary=" + boundary), Buffer.buffer(multipart));
    assertThat(parts.status()).isEqualTo(200);
  }

  @Test
  void body_whenContentLengthTooLarge_answers413AndCloses() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /_query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: 5000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(text).startsWith("HTTP/1.1 413").contains("network.http.request_too_large");
    }
    assertThat(get("/_now").status()).isEqualTo(200);
  }

  @Test
  void body_whenChunkedBeyondLimit_answers413() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /_query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      String header = Integer.toHexString(chunk.length) + "\r\n";
      try {
        for (int i = 0; i < 40; i++) {
          out.write(header.getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
      } catch (IOException closedByServer) {
        // The server may close the connection before the whole body is sent: that is the point.
      }
      String text = new String(readSome(socket.getInputStream()), StandardCharsets.UTF_8);
      assertThat(text).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void garbage_whenSentOnTheSocket_doesNotStopTheServer() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port)) {
      socket.getOutputStream().write("\u0000\u0001NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      readSome(socket.getInputStream());
    }
    assertThat(get("/_now").status()).isEqualTo(200);
  }

  @Test
  void volatileHeader_whenNotJson_answers400() throws Exception {
    Reply reply = send(HttpMethod.GET, "/_now", MultiMap.caseInsensitiveMultiMap()
      .add("X-Kuzzle-Volatile", "{not json"), null);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorId()).isEqualTo("network.http.volatile_parse_failed");
    Reply ok = send(HttpMethod.GET, "/_now", MultiMap.caseInsensitiveMultiMap()
      .add("X-Kuzzle-Volatile", "{\"a\":1}"), null);
    assertThat(ok.json().getJsonObject("volatile")).isEqualTo(new JsonObject().put("a", 1));
  }

  @Test
  void pretty_whenAsked_indentsTheEnvelope() throws Exception {
    assertThat(get("/_now?pretty").body().toString()).contains("\n  \"action\"");
  }

  @Test
  void rawAction_whenOpenApiYaml_answersBareDocument() throws Exception {
    Reply reply = get("/_openapi?format=yaml");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers().get("Content-Type")).contains("yaml");
    assertThat(reply.body().toString()).startsWith("openapi:");
  }

  private static byte[] readSome(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    int n;
    while ((n = in.read(chunk)) > 0) {
      out.write(chunk, 0, n);
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream def = new DeflaterOutputStream(out)) {
      def.write(data);
    }
    return out.toByteArray();
  }
}
