package io.kvx.gateway;

import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.bus.Chunk;
import io.kvx.core.bus.ChunkSource;
import io.kvx.core.bus.ResponseStreams;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stream responses over HTTP: a fake {@code document:export} serves a stream whose chunks the gateway pulls and
 * writes as a chunked response, as fast as the client reads, and no faster.
 */
class HttpStreamsTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final int CHUNK_BYTES = 64 * 1024;
  private static final int CHUNKS = 2000;
  private static GatewayFixture gateway;
  private static final AtomicInteger PRODUCED = new AtomicInteger();
  private static final AtomicBoolean CLOSED = new AtomicBoolean();

  @BeforeAll
  static void start() throws Exception {
    gateway = new GatewayFixture();
    ApiController.named("document").action("export", call -> {
      String scenario = call.request().getString("format", "whole");
      return ResponseStreams.open(gateway.vertx, new Source(scenario), 10_000)
        .map(address -> KuzzleResponse.stream(address, "text/x-test").withHeaders(new JsonObject()
          .put("Content-Disposition", "attachment; filename=\"i-c.test\"")));
    }).build().serve(gateway.vertx).await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
  }

  @BeforeEach
  void reset() {
    PRODUCED.set(0);
    CLOSED.set(false);
  }

  /**
   * Scenarios: {@code whole} sends {@link #CHUNKS} chunks of {@link #CHUNK_BYTES} bytes, the last one short;
   * {@code early} fails at once; {@code late} fails after one chunk.
   */
  private record Source(String scenario) implements ChunkSource {
    @Override
    public Future<Chunk> next() {
      int n = PRODUCED.getAndIncrement();
      if (scenario.equals("early") || scenario.equals("late") && n == 1) {
        return Future.failedFuture(KuzzleError.of("services.storage.unknown_scroll_id"));
      }
      if (n == CHUNKS - 1) {
        return Future.succeededFuture(new Chunk(Buffer.buffer("end\n"), true));
      }
      byte[] bytes = new byte[CHUNK_BYTES];
      Arrays.fill(bytes, (byte) ('a' + n % 26));
      return Future.succeededFuture(new Chunk(Buffer.buffer(bytes), false));
    }

    @Override
    public void close() {
      CLOSED.set(true);
    }
  }

  private static HttpResponse<InputStream> get(String uri) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port + uri))
      .timeout(Duration.ofSeconds(30)).GET().build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  private static void await(AtomicBoolean flag) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!flag.get() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
  }

  @Test
  void wholeStream_isSentChunked_withTheActionsTypeAndHeaders() throws Exception {
    HttpResponse<InputStream> response = get("/i/c/_export?format=whole");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/x-test");
    assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"i-c.test\"");
    assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    assertThat(response.headers().firstValue("X-Kuzzle-Request-Id")).isPresent();
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readAllBytes();
    }
    assertThat(body.length).isEqualTo((CHUNKS - 1) * CHUNK_BYTES + 4);
    assertThat(new String(body, body.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("end\n");
    assertThat(body[CHUNK_BYTES * 27]).isEqualTo((byte) 'b');
    await(CLOSED);
    assertThat(CLOSED).isTrue();
  }

  @Test
  void clientThatDoesNotRead_holdsTheProducerBack_andClosingCancelsTheStream() throws Exception {
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(16 * 1024);
      socket.connect(new InetSocketAddress("127.0.0.1", gateway.port));
      socket.getOutputStream().write(("GET /i/c/_export?format=whole HTTP/1.1\r\nHost: x\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
      // The kernel's socket buffers take some megabytes first; then the producer must stop.
      long deadline = System.currentTimeMillis() + 10_000;
      while (PRODUCED.get() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      int produced = -1;
      while (PRODUCED.get() != produced && System.currentTimeMillis() < deadline) {
        produced = PRODUCED.get();
        Thread.sleep(700);
      }
      assertThat(produced).isGreaterThan(1).isLessThan(CHUNKS / 4).isEqualTo(PRODUCED.get());
      assertThat(CLOSED).isFalse();
    }
    await(CLOSED);
    assertThat(CLOSED).isTrue();
    assertThat(PRODUCED.get()).isLessThan(CHUNKS / 4);
  }

  @Test
  void failureBeforeTheFirstChunk_isAnsweredAsAKuzzleError() throws Exception {
    HttpResponse<InputStream> response = get("/i/c/_export?format=early");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("Content-Disposition")).isEmpty();
    JsonObject envelope;
    try (InputStream in = response.body()) {
      envelope = new JsonObject(Buffer.buffer(in.readAllBytes()));
    }
    assertThat(envelope.getJsonObject("error").getString("id")).isEqualTo("services.storage.unknown_scroll_id");
    assertThat(envelope.getString("action")).isEqualTo("export");
  }

  @Test
  void failureAfterTheHeaders_closesTheConnectionWithoutTheLastChunk() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /i/c/_export?format=late HTTP/1.1\r\nHost: x\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(received);
      } catch (IOException reset) {
        // A reset instead of a clean close is also a closed connection.
      }
      String text = received.toString(StandardCharsets.ISO_8859_1);
      assertThat(text).startsWith("HTTP/1.1 200").contains("transfer-encoding: chunked");
      assertThat(text).doesNotEndWith("0\r\n\r\n");
      assertThat(received.size()).isGreaterThanOrEqualTo(CHUNK_BYTES);
    }
  }
}
