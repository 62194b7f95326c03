package io.kvx.gateway;

import io.kvx.core.api.Ids;
import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.error.KuzzleError;
import io.kvx.core.pipeline.KvxNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** Writes HTTP responses with the headers Kuzzle puts on every response. */
final class HttpResponses {

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence KUZZLE_NODE = HttpHeaders.createOptimized("X-Kuzzle-Node");
  private static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("X-Kuzzle-Request-Id");
  private static final CharSequence ACCEPTED_ENCODINGS = HttpHeaders.createOptimized("gzip,deflate,identity");
  private static final CharSequence ALLOW_METHODS_NAME = HttpHeaders.createOptimized("Access-Control-Allow-Methods");
  private static final CharSequence ALLOW_METHODS = HttpHeaders.createOptimized(
    "GET,POST,PUT,PATCH,DELETE,OPTIONS,HEAD");
  private static final CharSequence ALLOW_HEADERS_NAME = HttpHeaders.createOptimized("Access-Control-Allow-Headers");
  private static final CharSequence ALLOW_HEADERS = HttpHeaders.createOptimized("Content-Type, "
    + "Access-Control-Allow-Headers, Authorization, X-Requested-With, Content-Encoding, Content-Length, "
    + "X-Kuzzle-Volatile");
  private static final CharSequence ALLOW_CREDENTIALS_NAME = HttpHeaders.createOptimized(
    "Access-Control-Allow-Credentials");
  private static final CharSequence TRUE = HttpHeaders.createOptimized("true");
  private static final CharSequence ORIGIN = HttpHeaders.createOptimized("Origin");

  private final KvxNode node;
  private final CharSequence nodeId;
  private final HttpStreams streams;

  HttpResponses(Vertx vertx, KvxNode node) {
    this.node = node;
    this.nodeId = HttpHeaders.createOptimized(node.id());
    this.streams = new HttpStreams(vertx, node.options().limits().requestTimeout());
  }

  /**
   * The response of an action: its envelope, its raw body for raw responses, or for stream responses the body
   * pulled from the stream; the status and headers of a stream are only set once its first chunk has come.
   */
  void response(HttpServerRequest request, KuzzleRequest kuzzleRequest, KuzzleResponse response) {
    if (response.isStream()) {
      streams.send(request, response.streamAddress(), http -> head(request, kuzzleRequest, response),
        error -> response(request, kuzzleRequest, KuzzleResponse.of(error)));
      return;
    }
    HttpServerResponse http = head(request, kuzzleRequest, response);
    if (response.isRaw()) {
      http.end(rawBody(response.result()));
      return;
    }
    byte[] envelope = response.encodeEnvelope(kuzzleRequest, kuzzleRequest.requestId(), node.id(), null);
    http.end(request.params().contains("pretty") ? Buffer.buffer(new JsonObject(Buffer.buffer(envelope))
      .encodePrettily()) : Buffer.buffer(envelope));
  }

  /** Starts the response: status, Kuzzle's headers, the action's headers and, for raw responses, its type. */
  private HttpServerResponse head(HttpServerRequest request, KuzzleRequest kuzzleRequest, KuzzleResponse response) {
    HttpServerResponse http = start(request, response.status(), kuzzleRequest.requestId());
    for (Map.Entry<String, Object> header : response.headers()) {
      http.headers().set(header.getKey(), String.valueOf(header.getValue()));
    }
    if (response.isRaw()) {
      http.putHeader(HttpHeaders.CONTENT_TYPE, response.rawContentType());
    }
    return http;
  }

  /** An error envelope for a request that never reached the pipeline ({@code kuzzleRequest} may be null). */
  void error(HttpServerRequest request, KuzzleRequest kuzzleRequest, KuzzleError error) {
    if (kuzzleRequest != null) {
      response(request, kuzzleRequest, KuzzleResponse.of(error));
    } else {
      routerResponse(request, KuzzleResponse.of(error));
    }
  }

  /** A response of the router itself, whose envelope designates no action. */
  void routerResponse(HttpServerRequest request, KuzzleResponse response) {
    String requestId = requestId(request);
    start(request, response.status(), requestId).end(response.toEnvelope(requestId, node.id()).toBuffer());
  }

  /**
   * The bare error object Kuzzle sends for errors raised before routing. When the body was not read to its end,
   * the connection is closed after the response rather than reading the rest.
   */
  void bareError(HttpServerRequest request, KuzzleError error, boolean closeAfter) {
    HttpServerResponse http = start(request, error.status(), requestId(request));
    if (closeAfter) {
      http.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      http.end(error.toJson().toBuffer()).onComplete(done -> request.connection().close());
    } else {
      http.end(error.toJson().toBuffer());
    }
  }

  /** {@code HEAD /}: 200 and the usual headers. */
  void head(HttpServerRequest request) {
    start(request, 200, requestId(request)).end();
  }

  private HttpServerResponse start(HttpServerRequest request, int status, String requestId) {
    HttpServerResponse http = request.response().setStatusCode(status);
    MultiMap headers = http.headers();
    headers.set(HttpHeaders.CONTENT_TYPE, JSON);
    headers.set(KUZZLE_NODE, nodeId);
    if (requestId != null) {
      headers.set(REQUEST_ID, requestId);
    }
    headers.set(HttpHeaders.ACCEPT_ENCODING, ACCEPTED_ENCODINGS);
    headers.set(ALLOW_METHODS_NAME, ALLOW_METHODS);
    headers.set(ALLOW_HEADERS_NAME, ALLOW_HEADERS);
    if (node.options().cookieAuthentication()) {
      headers.set(ALLOW_CREDENTIALS_NAME, TRUE);
    }
    String origin = request.getHeader(ORIGIN);
    if (origin != null) {
      headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      headers.set(HttpHeaders.VARY, ORIGIN);
    }
    return http;
  }

  /** The request id the client gave in {@code X-Kuzzle-Request-Id}, else a new one. */
  static String requestId(HttpServerRequest request) {
    String id = request.getHeader(REQUEST_ID);
    return id == null || id.isEmpty() ? Ids.uuid() : id;
  }

  private static Buffer rawBody(Object result) {
    if (result instanceof Buffer buffer) {
      return buffer;
    }
    if (result instanceof JsonObject object) {
      return object.toBuffer();
    }
    if (result instanceof JsonArray array) {
      return array.toBuffer();
    }
    return Buffer.buffer(result == null ? "" : String.valueOf(result));
  }
}
