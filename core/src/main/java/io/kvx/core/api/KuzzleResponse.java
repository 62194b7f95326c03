package io.kvx.core.api;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonObject;

/**
 * The outcome of an action: a result (possibly absent, as for {@code index:create}) or an error, with a status and
 * the headers the action set. {@link #toEnvelope} turns it into the JSON object clients receive.
 *
 * <p>A raw response ({@link #raw(Object, String)}) is sent over HTTP as the bare result with its own content type,
 * not as an envelope; other protocols still get an envelope.
 */
public final class KuzzleResponse {

  private static final JsonObject NO_HEADERS = new JsonObject();

  private final int status;
  private final Object result;
  private final boolean hasResult;
  private final KuzzleError error;
  private final JsonObject headers;
  private final String rawContentType;

  private KuzzleResponse(int status, Object result, boolean hasResult, KuzzleError error, JsonObject headers,
      String rawContentType) {
    this.status = status;
    this.result = result;
    this.hasResult = hasResult;
    this.error = error;
    this.headers = headers;
    this.rawContentType = rawContentType;
  }

  /** A 200 response carrying {@code result}; {@code null} is serialized as {@code "result": null}. */
  public static KuzzleResponse of(Object result) {
    return new KuzzleResponse(200, result, true, null, NO_HEADERS, null);
  }

  /** A 200 response without a {@code result} field. */
  public static KuzzleResponse empty() {
    return new KuzzleResponse(200, null, false, null, NO_HEADERS, null);
  }

  public static KuzzleResponse of(KuzzleError error) {
    return new KuzzleResponse(error.status(), null, true, error, NO_HEADERS, null);
  }

  /** An error response that still carries a result, as {@code server:healthCheck} does when a service is down. */
  public static KuzzleResponse of(KuzzleError error, Object result) {
    return new KuzzleResponse(error.status(), result, true, error, NO_HEADERS, null);
  }

  /** A response sent over HTTP as {@code body} itself (a string, a buffer or JSON) with {@code contentType}. */
  public static KuzzleResponse raw(Object body, String contentType) {
    return new KuzzleResponse(200, body, true, null, NO_HEADERS, contentType);
  }

  public KuzzleResponse withStatus(int newStatus) {
    return new KuzzleResponse(newStatus, result, hasResult, error, headers, rawContentType);
  }

  public KuzzleResponse withHeaders(JsonObject newHeaders) {
    return new KuzzleResponse(status, result, hasResult, error, newHeaders, rawContentType);
  }

  public int status() {
    return status;
  }

  public Object result() {
    return result;
  }

  public boolean hasResult() {
    return hasResult;
  }

  public KuzzleError error() {
    return error;
  }

  public JsonObject headers() {
    return headers;
  }

  public boolean isRaw() {
    return rawContentType != null;
  }

  public String rawContentType() {
    return rawContentType;
  }

  /**
   * The envelope of Kuzzle 2, keys in Kuzzle's order: action, collection, controller, error, headers, index, node,
   * requestId, result (left out when the action returned nothing), status, volatile.
   *
   * @param room the WebSocket {@code room} field ({@code requestId}), or {@code null} to leave it out
   */
  public JsonObject toEnvelope(KuzzleRequest request, String node, String room) {
    return envelope(request, request.requestId(), node, room);
  }

  /**
   * The envelope of an answer that no request designates (an unparsable WebSocket frame, an unknown URL, the
   * router's own endpoints): controller, action, index, collection and volatile are null.
   */
  public JsonObject toEnvelope(String requestId, String node) {
    return envelope(null, requestId, node, null);
  }

  private JsonObject envelope(KuzzleRequest request, String requestId, String node, String room) {
    JsonObject envelope = new JsonObject()
      .put("action", request == null ? null : request.action())
      .put("collection", request == null ? null : request.collection())
      .put("controller", request == null ? null : request.controller())
      .put("error", error == null ? null : error.toJson())
      .put("headers", headers)
      .put("index", request == null ? null : request.index())
      .put("node", node)
      .put("requestId", requestId);
    if (hasResult) {
      envelope.put("result", result);
    }
    envelope.put("status", status).put("volatile", request == null ? null : request.volatileData());
    if (room != null) {
      envelope.put("room", room);
    }
    return envelope;
  }

  @Override
  public String toString() {
    return error == null ? "KuzzleResponse[" + status + "]" : "KuzzleResponse[" + error + "]";
  }
}
