package io.kvx.document.storage.elasticsearch;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests to the cluster's REST API through the Vert.x web client, which pools and reopens connections by itself.
 * Requests go to the configured nodes in turn; a request whose connection is refused or cannot be opened goes to the
 * next node, since it never reached the first one. A request that was sent and got no answer in time is not repeated
 * (it may have been applied): it fails with {@code services.storage.not_connected}, as does a request no node took.
 */
final class Rest {

  private static final Logger LOG = LoggerFactory.getLogger(Rest.class);
  private static final String JSON = "application/json";
  private static final String NDJSON = "application/x-ndjson";
  /** Connections per node: enough for a burst of concurrent writes without opening one per request. */
  private static final int POOL_SIZE = 16;

  private final WebClient client;
  private final List<String> nodes;
  private final String authorization;
  private final long timeout;
  private final AtomicInteger next = new AtomicInteger();

  Rest(Vertx vertx, ElasticsearchOptions options) {
    WebClientOptions web = new WebClientOptions().setKeepAlive(true).setConnectTimeout(options.connectTimeout())
      .setTrustAll(options.trustAll()).setVerifyHost(!options.trustAll()).setUserAgent("kvx");
    if (options.caPath() != null) {
      web.setTrustOptions(new PemTrustOptions().addCertPath(options.caPath()));
    }
    this.client = WebClient.create(vertx, web, new PoolOptions().setHttp1MaxSize(POOL_SIZE));
    this.nodes = options.nodes();
    this.timeout = options.requestTimeout();
    this.authorization = options.apiKey() != null ? "ApiKey " + options.apiKey()
      : options.username() != null ? "Basic " + Base64.getEncoder().encodeToString((options.username() + ':'
      + (options.password() == null ? "" : options.password())).getBytes(StandardCharsets.UTF_8)) : null;
  }

  Future<Reply> get(String path) {
    return send(HttpMethod.GET, path, null, null);
  }

  Future<Reply> head(String path) {
    return send(HttpMethod.HEAD, path, null, null);
  }

  Future<Reply> delete(String path) {
    return send(HttpMethod.DELETE, path, null, null);
  }

  Future<Reply> json(HttpMethod method, String path, JsonObject body) {
    return send(method, path, body == null ? null : body.toBuffer(), JSON);
  }

  /** A {@code _bulk} request: one JSON document per line. */
  Future<Reply> bulk(String path, Buffer lines) {
    return send(HttpMethod.POST, path, lines, NDJSON);
  }

  private Future<Reply> send(HttpMethod method, String path, Buffer body, String contentType) {
    return attempt(method, path, body, contentType, Math.floorMod(next.getAndIncrement(), nodes.size()), 0);
  }

  private Future<Reply> attempt(HttpMethod method, String path, Buffer body, String contentType, int node,
      int tried) {
    HttpRequest<Buffer> request = client.requestAbs(method, nodes.get(node) + path).timeout(timeout);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendBuffer(body);
    return sent.transform(done -> {
      if (done.succeeded()) {
        return Future.succeededFuture(new Reply(done.result().statusCode(), done.result().body()));
      }
      Throwable cause = done.cause();
      if (neverSent(cause) && tried + 1 < nodes.size()) {
        return attempt(method, path, body, contentType, (node + 1) % nodes.size(), tried + 1);
      }
      LOG.warn("Elasticsearch {} {} failed on {}: {}", method, path, nodes.get(node), String.valueOf(cause));
      return Future.failedFuture(KuzzleError.of("services.storage.not_connected"));
    });
  }

  /** Whether the request failed before any byte of it could reach the node. */
  private static boolean neverSent(Throwable cause) {
    return cause instanceof ConnectException || cause.getClass().getSimpleName().equals("ConnectTimeoutException");
  }

  void close() {
    client.close();
  }
}
