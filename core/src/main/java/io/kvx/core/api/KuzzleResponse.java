package io.kvx.core.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/**
 * The outcome of an action: a result (possibly absent, as for {@code index:create}) or an error, with a status and
 * the headers the action set. {@link #toEnvelope} turns it into the JSON object clients receive.
 *
 * <p>A raw response ({@link #raw(Object, String)}) is sent over HTTP as the bare result with its own content type,
 * not as an envelope; other protocols still get an envelope. A stream response ({@link #stream(String, String)}) is
 * a raw response whose body is pulled, chunk by chunk, from an event-bus address
 * ({@link io.kvx.core.bus.ResponseStreams}).
 */
public final class KuzzleResponse {

  private static final JsonObject NO_HEADERS = new JsonObject();
  private static final JsonFactory JSON = new JsonFactory();

  private final int status;
  private final Object result;
  private final boolean hasResult;
  private final KuzzleError error;
  private final JsonObject headers;
  private final String rawContentType;
  private final String streamAddress;

  private KuzzleResponse(int status, Object result, boolean hasResult, KuzzleError error, JsonObject headers,
      String rawContentType, String streamAddress) {
    this.status = status;
    this.result = result;
    this.hasResult = hasResult;
    this.error = error;
    this.headers = headers;
    this.rawContentType = rawContentType;
    this.streamAddress = streamAddress;
  }

  /** A 200 response carrying {@code result}; {@code null} is serialized as {@code "result": null}. */
  public static KuzzleResponse of(Object result) {
    return new KuzzleResponse(200, result, true, null, NO_HEADERS, null, null);
  }

  /** A 200 response without a {@code result} field. */
  public static KuzzleResponse empty() {
    return new KuzzleResponse(200, null, false, null, NO_HEADERS, null, null);
  }

  public static KuzzleResponse of(KuzzleError error) {
    return new KuzzleResponse(error.status(), null, true, error, NO_HEADERS, null, null);
  }

  /** An error response that still carries a result, as {@code server:healthCheck} does when a service is down. */
  public static KuzzleResponse of(KuzzleError error, Object result) {
    return new KuzzleResponse(error.status(), result, true, error, NO_HEADERS, null, null);
  }

  /** A response sent over HTTP as {@code body} itself (a string, a buffer or JSON) with {@code contentType}. */
  public static KuzzleResponse raw(Object body, String contentType) {
    return new KuzzleResponse(200, body, true, null, NO_HEADERS, contentType, null);
  }

  /**
   * A 200 response sent over HTTP as {@code contentType} whose body is the stream served at {@code address} by
   * {@link io.kvx.core.bus.ResponseStreams#open}. Its envelope, for protocols that cannot stream, carries a
   * {@code null} result, and nobody pulls the stream: it closes after its idle timeout. Actions that stream should
   * refuse other protocols first, as {@code document:export} does.
   */
  public static KuzzleResponse stream(String address, String contentType) {
    if (address == null || contentType == null) {
      throw new IllegalArgumentException("a stream response needs an address and a content type");
    }
    return new KuzzleResponse(200, null, true, null, NO_HEADERS, contentType, address);
  }

  public KuzzleResponse withStatus(int newStatus) {
    return new KuzzleResponse(newStatus, result, hasResult, error, headers, rawContentType, streamAddress);
  }

  public KuzzleResponse withHeaders(JsonObject newHeaders) {
    return new KuzzleResponse(status, result, hasResult, error, newHeaders, rawContentType, streamAddress);
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

  /** Whether the body is a stream to pull from {@link #streamAddress()}; such a response is also raw. */
  public boolean isStream() {
    return streamAddress != null;
  }

  /** The event-bus address of the body of a stream response, else {@code null}. */
  public String streamAddress() {
    return streamAddress;
  }

  /**
   * The envelope of Kuzzle 2, keys in Kuzzle's order: action, collection, controller, error, headers, index, node,
   * requestId, result (left out when the action returned nothing), status, volatile.
   *
   * @param room the WebSocket {@code room} field ({@code requestId}), or {@code null} to leave it out
   */
  public JsonObject toEnvelope(KuzzleRequest request, String node, String room) {
    return new JsonObject(Buffer.buffer(encodeEnvelope(request, request.requestId(), node, room)));
  }

  /**
   * The envelope of an answer that no request designates (an unparsable WebSocket frame, an unknown URL, the
   * router's own endpoints): controller, action, index, collection and volatile are null.
   */
  public JsonObject toEnvelope(String requestId, String node) {
    return new JsonObject(Buffer.buffer(encodeEnvelope(null, requestId, node, null)));
  }

  /**
   * The envelope as UTF-8 JSON, written straight from this response and its request (which may be {@code null}, as
   * for {@link #toEnvelope(String, String)}): what the gateways send, without an intermediate {@link JsonObject}.
   */
  public byte[] encodeEnvelope(KuzzleRequest request, String requestId, String node, String room) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(256);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("action", request == null ? null : request.action());
      json.writeStringField("collection", request == null ? null : request.collection());
      json.writeStringField("controller", request == null ? null : request.controller());
      json.writeFieldName("error");
      JacksonCodec.encodeJson(error == null ? null : error.toJson(), json);
      json.writeFieldName("headers");
      JacksonCodec.encodeJson(headers, json);
      json.writeStringField("index", request == null ? null : request.index());
      json.writeStringField("node", node);
      json.writeStringField("requestId", requestId);
      if (hasResult) {
        json.writeFieldName("result");
        JacksonCodec.encodeJson(result, json);
      }
      json.writeNumberField("status", status);
      json.writeFieldName("volatile");
      JacksonCodec.encodeJson(request == null ? null : request.volatileData(), json);
      if (room != null) {
        json.writeStringField("room", room);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new EncodeException("Cannot encode the response envelope: " + e.getMessage());
    }
    return bytes.toByteArray();
  }

  @Override
  public String toString() {
    return error == null ? "KuzzleResponse[" + status + "]" : "KuzzleResponse[" + error + "]";
  }
}
