package io.kvx.gateway;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.kvx.core.controller.RouteMatch;
import io.kvx.core.error.KuzzleError;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.NodeState;
import io.kvx.core.pipeline.Pipeline;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;

/**
 * Serves Kuzzle's HTTP API: routes a request to its action, builds the envelope (query string and path parameters
 * as arguments, body, token, volatile data) and writes the response with Kuzzle's headers. The router's own
 * endpoints ({@code /_healthcheck}, {@code /_ready}, {@code HEAD /}, {@code OPTIONS}, {@code POST /_query}) are
 * answered here without going through the controllers.
 */
final class HttpGateway implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(HttpGateway.class);
  private static final Set<HttpMethod> API_METHODS = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
    HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.HEAD);
  private static final String BEARER = "bearer ";

  private final Pipeline pipeline;
  private final KvxNode node;
  private final GatewayOptions options;
  private final HttpBody bodies;
  private final HttpResponses responses;

  HttpGateway(Pipeline pipeline, GatewayOptions options) {
    this.pipeline = pipeline;
    this.node = pipeline.node();
    this.options = options;
    this.bodies = new HttpBody(options);
    this.responses = new HttpResponses(pipeline.vertx(), node);
  }

  @Override
  public void handle(HttpServerRequest request) {
    try {
      dispatch(request);
    } catch (RuntimeException e) {
      unexpected(request, e);
    }
  }

  /** A bug of ours must still answer the client (500) rather than leave the request hanging. */
  private void unexpected(HttpServerRequest request, RuntimeException e) {
    LOG.error("HTTP {} {} failed unexpectedly", request.method(), request.uri(), e);
    if (!request.response().ended()) {
      responses.error(request, null, KuzzleError.of("core.fatal.unexpected_error", String.valueOf(e.getMessage())));
    }
  }

  private void dispatch(HttpServerRequest request) {
    HttpMethod method = request.method();
    if (method == HttpMethod.OPTIONS) {
      request.resume();
      responses.routerResponse(request, KuzzleResponse.of(new JsonObject()));
      return;
    }
    if (!API_METHODS.contains(method)) {
      request.resume();
      responses.error(request, null, KuzzleError.of("network.http.unsupported_verb", method.name()));
      return;
    }
    String path = request.path();
    if (method == HttpMethod.GET && (path.equals("/_healthcheck") || path.equals("/_ready"))) {
      request.resume();
      probe(request, path.equals("/_ready"));
      return;
    }
    if (method == HttpMethod.HEAD && (path.equals("/") || path.isEmpty())) {
      request.resume();
      responses.head(request);
      return;
    }
    if (declaredTooLarge(request)) {
      responses.bareError(request, KuzzleError.of("network.http.request_too_large"), true);
      return;
    }
    readBody(request);
  }

  /** Whether {@code Content-Length} announces a body over the limit: answered at once, without reading it. */
  private boolean declaredTooLarge(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    try {
      return length != null && Long.parseLong(length.trim()) > options.maxRequestSize();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void readBody(HttpServerRequest request) {
    int max = options.maxRequestSize();
    Buffer body = Buffer.buffer();
    boolean[] refused = new boolean[1];
    request.handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (body.length() + chunk.length() > max) {
        refused[0] = true;
        responses.bareError(request, KuzzleError.of("network.http.request_too_large"), true);
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(end -> {
      if (!refused[0]) {
        try {
          onBody(request, body);
        } catch (RuntimeException e) {
          unexpected(request, e);
        }
      }
    });
    request.exceptionHandler(failure -> refused[0] = true);
  }

  private void onBody(HttpServerRequest request, Buffer raw) {
    Object body;
    try {
      bodies.checkContentType(request.getHeader("Content-Type"));
      body = bodies.parse(raw, request.headers());
    } catch (KuzzleError e) {
      responses.bareError(request, e, false);
      return;
    }
    KuzzleRequest kuzzleRequest;
    try {
      kuzzleRequest = request.method() == HttpMethod.POST && isQueryPath(request.path())
        ? queryRequest(request, body)
        : routedRequest(request, body);
    } catch (KuzzleError e) {
      responses.error(request, null, e);
      return;
    }
    if (kuzzleRequest == null) {
      return;
    }
    // Each HTTP request is a connection of its own for Kuzzle: its request id serves as connection id.
    RequestContext context = new RequestContext(kuzzleRequest.requestId(), Protocol.HTTP, null,
      request.getHeader("Origin"), User.ANONYMOUS);
    pipeline.execute(kuzzleRequest, context).onSuccess(response -> {
      node.countRequest(Protocol.HTTP.wireName(), response.status());
      try {
        responses.response(request, kuzzleRequest, response);
      } catch (RuntimeException e) {
        unexpected(request, e);
      }
    });
  }

  private static boolean isQueryPath(String path) {
    return path.equals("/_query") || path.equals("/_query/");
  }

  /** {@code POST /_query}: the body is a whole request envelope. */
  private KuzzleRequest queryRequest(HttpServerRequest request, Object body) {
    if (!(body instanceof JsonObject envelope)) {
      throw KuzzleError.of("api.assert.missing_argument", body == null ? "controller" : "body");
    }
    if (!envelope.containsKey("requestId")) {
      envelope.put("requestId", HttpResponses.requestId(request));
    }
    if (!envelope.containsKey("jwt")) {
      putToken(envelope, request);
    }
    return new KuzzleRequest(envelope, Protocol.HTTP);
  }

  /** A routed API request, or {@code null} when the URL matches no route (already answered with a 404). */
  private KuzzleRequest routedRequest(HttpServerRequest request, Object body) {
    String verb = request.method() == HttpMethod.HEAD ? "HEAD" : request.method().name();
    RouteMatch match = node.registry().route(verb, request.path());
    if (match == null) {
      String url = request.uri();
      responses.error(request, null, KuzzleError.of("network.http.url_not_found", url));
      return null;
    }
    JsonObject envelope = new JsonObject();
    MultiMap query = request.params();
    for (String name : query.names()) {
      envelope.put(name, query.get(name));
    }
    for (Map.Entry<String, String> param : match.params().entrySet()) {
      envelope.put(param.getKey(), param.getValue());
    }
    envelope.put("controller", match.controller()).put("action", match.action());
    envelope.put("requestId", HttpResponses.requestId(request));
    if (body != null) {
      envelope.put("body", body);
    }
    String volatileHeader = request.getHeader("x-kuzzle-volatile");
    if (volatileHeader != null) {
      envelope.put("volatile", volatileData(volatileHeader));
    }
    putToken(envelope, request);
    return new KuzzleRequest(envelope, Protocol.HTTP);
  }

  private static JsonObject volatileData(String header) {
    try {
      return new JsonObject(header);
    } catch (DecodeException | ClassCastException e) {
      throw KuzzleError.of("network.http.volatile_parse_failed", "not a JSON object");
    }
  }

  /**
   * The token comes from {@code Authorization: Bearer}, else from the {@code jwt} argument; with cookie
   * authentication, the {@code authToken} cookie is used too, and sending both a cookie and a token is an error.
   */
  private void putToken(JsonObject envelope, HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      envelope.put("jwt", authorization.substring(BEARER.length()).trim());
    }
    if (node.options().cookieAuthentication() && request.getCookie("authToken") != null) {
      if (envelope.getValue("jwt") != null) {
        throw KuzzleError.of("security.token.verification_error",
          "both a cookie and an authorization token were given");
      }
      envelope.put("jwt", request.getCookie("authToken").getValue());
    }
  }

  /** {@code /_healthcheck} (alive) and {@code /_ready} (ready to take requests). */
  private void probe(HttpServerRequest request, boolean readiness) {
    int status = 200;
    if (readiness && (node.state() != NodeState.READY || node.throttle().isOverloaded())) {
      status = 503;
    }
    responses.routerResponse(request, KuzzleResponse.of((Object) null).withStatus(status));
  }
}
