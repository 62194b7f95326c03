package io.kvx.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WebSocketGatewayTest {

  private static GatewayFixture gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = new GatewayFixture(new JsonObject()
      .put("server", new JsonObject().put("maxRequestSize", "64kb").put("protocols", new JsonObject()
        .put("websocket", new JsonObject().put("idleTimeout", 1500).put("maxBackpressure", "64kb"))))
      .put("http", new JsonObject().put("accessControlAllowOrigin", "http://good.example")));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
  }

  /** A connected client and the text frames it received. */
  private static final class Client {
    final WebSocket socket;
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final Promise<Short> closed = Promise.promise();

    Client(WebSocket socket) {
      this.socket = socket;
      socket.textMessageHandler(frames::add);
      socket.closeHandler(v -> closed.tryComplete(socket.closeStatusCode()));
    }

    JsonObject next() throws InterruptedException {
      String frame = frames.poll(10, TimeUnit.SECONDS);
      assertThat(frame).as("a frame within 10 s").isNotNull();
      return new JsonObject(frame);
    }

    void send(String text) throws Exception {
      socket.writeTextMessage(text).await(5, TimeUnit.SECONDS);
    }
  }

  private static Client connect() throws Exception {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port)
      .setURI("/").setAllowOriginHeader(false);
    return new Client(gateway.webSockets.connect(options).await(10, TimeUnit.SECONDS));
  }

  @Test
  void request_whenAnswered_carriesRoomEqualToRequestId() throws Exception {
    Client client = connect();
    client.send("{\"controller\":\"server\",\"action\":\"now\",\"requestId\":\"r1\",\"volatile\":{\"a\":1}}");
    JsonObject reply = client.next();
    assertThat(reply.getString("room")).isEqualTo("r1");
    assertThat(reply.getString("requestId")).isEqualTo("r1");
    assertThat(reply.getInteger("status")).isEqualTo(200);
    assertThat(reply.getJsonObject("volatile")).isEqualTo(new JsonObject().put("a", 1));
    client.socket.close();
  }

  @Test
  void applicationPing_isAnsweredWithPong() throws Exception {
    Client client = connect();
    client.send("{\"p\":1}");
    assertThat(client.frames.poll(5, TimeUnit.SECONDS)).isEqualTo("{\"p\":2}");
    client.socket.close();
  }

  @Test
  void protocolPing_isAnsweredWithPong() throws Exception {
    Client client = connect();
    Promise<Buffer> pong = Promise.promise();
    client.socket.pongHandler(pong::tryComplete);
    client.socket.writePing(Buffer.buffer("hi")).await(5, TimeUnit.SECONDS);
    assertThat(pong.future().await(5, TimeUnit.SECONDS).toString()).isEqualTo("hi");
    client.socket.close();
  }

  @Test
  void unparsableFrame_isAnsweredWithoutRoomAndSocketKeepsServing() throws Exception {
    Client client = connect();
    client.send("{this is not json");
    JsonObject error = client.next();
    assertThat(error.containsKey("room")).isFalse();
    assertThat(error.getInteger("status")).isEqualTo(400);
    assertThat(error.getJsonObject("error").getString("id")).isEqualTo("network.websocket.unexpected_error");
    client.send("[1,2,3]");
    assertThat(client.next().getJsonObject("error").getString("id")).isEqualTo("network.websocket.unexpected_error");
    client.send("{\"controller\":\"server\",\"action\":\"now\",\"requestId\":\"after\"}");
    assertThat(client.next().getString("room")).isEqualTo("after");
    client.socket.close();
  }

  @Test
  void wrongTypes_areAnsweredWithCataloguedErrors() throws Exception {
    Client client = connect();
    client.send("{\"controller\":\"server\",\"requestId\":\"x1\"}");
    JsonObject missing = client.next();
    assertThat(missing.getJsonObject("error").getString("id")).isEqualTo("api.assert.missing_argument");
    assertThat(missing.getString("room")).isEqualTo("x1");
    client.send("{\"controller\":\"nope\",\"action\":\"x\",\"requestId\":\"x2\"}");
    assertThat(client.next().getJsonObject("error").getInteger("code")).isEqualTo(33685508);
    client.send("{\"controller\":\"server\",\"action\":\"now\",\"volatile\":\"v\",\"requestId\":\"x3\"}");
    assertThat(client.next().getJsonObject("error").getString("id")).isEqualTo("api.assert.invalid_type");
    client.socket.close();
  }

  @Test
  void malformedFrames_areAnsweredAndNeverStopTheSocket() throws Exception {
    Client client = connect();
    String[] frames = {
      "", "null", "42", "\"text\"", "{", "}", "{\"controller\":null,\"action\":null}",
      "[".repeat(5000) + "]".repeat(5000),
      "{\"controller\":\"server\",\"action\":\"now\",\"body\":\"x\"}",
      "{\"controller\":[\"server\"],\"action\":{}}",
      "{\"controller\":\"server\",\"action\":\"now\",\"jwt\":123}",
      "{\"controller\":\"\\u0000\",\"action\":\"\\ud800\"}",
    };
    for (String frame : frames) {
      client.send(frame);
      JsonObject reply = client.next();
      assertThat(reply.getInteger("status")).as(frame.length() > 80 ? frame.substring(0, 80) : frame)
        .isBetween(400, 499);
      assertThat(reply.getJsonObject("error").getString("id")).isNotBlank();
    }
    client.socket.writeBinaryMessage(Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b}));
    assertThat(client.next().getInteger("status")).isEqualTo(400);
    client.send("{\"controller\":\"server\",\"action\":\"now\",\"requestId\":\"big\",\"size\":1e999999}");
    assertThat(client.next().getString("room")).isEqualTo("big");
    client.send("{\"controller\":\"server\",\"action\":\"now\",\"requestId\":\"alive\"}");
    assertThat(client.next().getString("room")).isEqualTo("alive");
    client.socket.close();
  }

  @Test
  void idleSocket_isClosedAfterIdleTimeout() throws Exception {
    Client client = connect();
    long begin = System.nanoTime();
    client.closed.future().await(10, TimeUnit.SECONDS);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isBetween(1000L, 6000L);
  }

  @Test
  void oversizedFrame_closesTheSocketAndServerKeepsServing() throws Exception {
    Client client = connect();
    client.socket.writeTextMessage("{\"controller\":\"server\",\"action\":\"now\",\"pad\":\"" + "x".repeat(100_000)
      + "\"}");
    short code = client.closed.future().await(10, TimeUnit.SECONDS);
    assertThat(code).isIn((short) 1009, (short) 1006, (short) 1002);
    Client other = connect();
    other.send("{\"controller\":\"server\",\"action\":\"now\",\"requestId\":\"still\"}");
    assertThat(other.next().getString("room")).isEqualTo("still");
    other.socket.close();
  }

  @Test
  void upgrade_whenOriginNotAllowed_isRefused() throws Exception {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port)
      .setURI("/").setHeaders(MultiMap.caseInsensitiveMultiMap().add("Origin", "http://evil.example"));
    Throwable failure = gateway.webSockets.connect(options).transform(done -> io.vertx.core.Future.succeededFuture(
      done.cause())).await(10, TimeUnit.SECONDS);
    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).contains("401");
  }

  @Test
  void slowReader_isClosedWith1011() throws Exception {
    // A gateway of its own: the shared one's short idle timeout would close the paused client first.
    try (GatewayFixture roomy = new GatewayFixture(new JsonObject().put("server", new JsonObject()
        .put("protocols", new JsonObject().put("websocket", new JsonObject().put("maxBackpressure", "64kb")))))) {
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(roomy.port)
        .setURI("/").setAllowOriginHeader(false);
      Client client = new Client(roomy.webSockets.connect(options).await(10, TimeUnit.SECONDS));
      client.socket.pause();
      String request = "{\"controller\":\"server\",\"action\":\"publicApi\"}";
      for (int i = 0; i < 400; i++) {
        client.socket.writeTextMessage(request);
      }
      Thread.sleep(1000);
      client.socket.resume();
      short code = client.closed.future().await(30, TimeUnit.SECONDS);
      assertThat(code).isEqualTo((short) 1011);
      assertThat(client.socket.closeReason()).contains("too slow");
    }
  }

  @Test
  void connections_areCountedInMetrics() throws Exception {
    Client client = connect();
    client.send("{\"controller\":\"server\",\"action\":\"metrics\",\"requestId\":\"m\"}");
    JsonObject metrics = client.next().getJsonObject("result");
    assertThat(metrics.getJsonObject("network").getJsonObject("connections").getLong("websocket"))
      .isGreaterThanOrEqualTo(1);
    client.socket.close();
  }
}
