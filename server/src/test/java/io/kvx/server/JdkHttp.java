package io.kvx.server;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP calls for the tests, through the JDK's client: an implementation independent of the server's.
 *
 * <p>The tests do not use Vert.x 5.0.7's HTTP client: under these tests' pattern of short requests it now and then
 * left a request unsent until its timeout (the server never saw it), while curl, Node's and the JDK's clients never
 * did.
 */
final class JdkHttp {

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(10)).build();

  private JdkHttp() {
  }

  /** Sends a request with a JSON body (or none) and answers the JSON body of the response. */
  static CompletableFuture<JsonObject> callAsync(int port, String method, String uri, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
      .timeout(Duration.ofSeconds(60))
      .header("Content-Type", "application/json")
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
      .build();
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())
      .thenApply(response -> new JsonObject(response.body()));
  }

  static JsonObject call(int port, String method, String uri, String body) throws Exception {
    return callAsync(port, method, uri, body).get();
  }
}
