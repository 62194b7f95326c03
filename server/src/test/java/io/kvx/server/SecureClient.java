package io.kvx.server;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Raw clients for the security tests: HTTP through the JDK's client with an optional bearer token, and a WebSocket
 * whose frames are queued. Nothing here knows Kuzzle's rules: the tests state them.
 */
final class SecureClient {

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(10)).build();

  private SecureClient() {
  }

  /** An HTTP call; the response envelope (or bare error), its HTTP status added as {@code httpStatus}. */
  static JsonObject http(int port, String method, String uri, String body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
      .timeout(Duration.ofSeconds(30))
      .header("Content-Type", "application/json")
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body()).put("httpStatus", response.statusCode());
  }

  /** A request envelope through {@code POST /_query}, with its token in the envelope. */
  static JsonObject query(int port, JsonObject envelope, String token) throws Exception {
    JsonObject sent = envelope.copy();
    if (token != null) {
      sent.put("jwt", token);
    }
    return http(port, "POST", "/_query", sent.encode(), null);
  }

  /** The error id of a response envelope, or {@code null}. */
  static String errorId(JsonObject envelope) {
    JsonObject error = envelope.getJsonObject("error");
    return error == null ? null : error.getString("id");
  }

  /** A WebSocket connection whose frames are queued. */
  static final class Socket {

    private final WebSocket socket;
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

    Socket(WebSocket socket) {
      this.socket = socket;
      socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    }

    /** Sends a request and waits for the response to it; other frames received meanwhile are dropped. */
    JsonObject request(JsonObject envelope) throws Exception {
      String requestId = UUID.randomUUID().toString();
      socket.writeTextMessage(envelope.copy().put("requestId", requestId).encode()).await(5, TimeUnit.SECONDS);
      return next(frame -> requestId.equals(frame.getString("room")));
    }

    /** The next frame matching {@code match}, waiting up to 10 seconds. */
    JsonObject next(java.util.function.Predicate<JsonObject> match) throws Exception {
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline) {
        JsonObject frame = frames.poll(100, TimeUnit.MILLISECONDS);
        if (frame != null && match.test(frame)) {
          return frame;
        }
      }
      throw new AssertionError("no matching frame within 10 s");
    }

    void close() throws Exception {
      socket.close().await(5, TimeUnit.SECONDS);
    }
  }
}
