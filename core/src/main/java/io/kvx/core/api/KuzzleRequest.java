package io.kvx.core.api;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * A Kuzzle API request: one JSON object whose {@code controller}, {@code action}, {@code body}, {@code jwt},
 * {@code volatile} and {@code requestId} fields have fixed meanings and whose every other top-level field is an
 * argument. HTTP requests are put in the same shape by the gateway (query string and URL parameters become
 * arguments), so that a request reads the same whatever its protocol, except for argument typing (see
 * {@link Protocol}).
 *
 * <p>Arguments are read through typed getters that throw the catalogued {@code api.assert.*} errors, so that an
 * action validates all its input before it does anything.
 */
public final class KuzzleRequest {

  /** Top-level fields that are not arguments. */
  public static final Set<String> RESERVED = Set.of("controller", "action", "body", "jwt", "volatile", "requestId");

  private final JsonObject input;
  private final Protocol protocol;
  private final String requestId;
  private final String controller;
  private final String action;
  private final long timestamp;

  /**
   * Wraps an envelope received now. The envelope is kept by reference and must not change afterwards. Fields of the
   * wrong JSON type among the reserved ones are reported by {@link #check()}, not here.
   */
  public KuzzleRequest(JsonObject input, Protocol protocol) {
    this(input, protocol, System.currentTimeMillis());
  }

  /** Wraps an envelope received at {@code timestamp} (epoch milliseconds), for instance by another node. */
  public KuzzleRequest(JsonObject input, Protocol protocol, long timestamp) {
    this.timestamp = timestamp;
    this.input = input;
    this.protocol = protocol;
    Object id = input.getValue("requestId");
    this.requestId = id instanceof String s ? s : Ids.uuid();
    this.controller = input.getValue("controller") instanceof String s ? s : null;
    this.action = input.getValue("action") instanceof String s ? s : null;
  }

  /**
   * Checks the fields every request must have: a non-empty string controller and action, an object or array
   * body, an object volatile and a string jwt.
   */
  public KuzzleRequest check() {
    requireNonEmptyString("controller");
    requireNonEmptyString("action");
    Object body = input.getValue("body");
    if (body != null && !(body instanceof JsonObject) && !(body instanceof JsonArray)) {
      throw KuzzleError.of("api.assert.invalid_type", "body", "object");
    }
    Object volatileData = input.getValue("volatile");
    if (volatileData != null && !(volatileData instanceof JsonObject)) {
      throw KuzzleError.of("api.assert.invalid_type", "volatile", "object");
    }
    Object jwt = input.getValue("jwt");
    if (jwt != null && !(jwt instanceof String)) {
      throw KuzzleError.of("api.assert.invalid_type", "jwt", "string");
    }
    return this;
  }

  private void requireNonEmptyString(String field) {
    Object value = input.getValue(field);
    if (value == null || "".equals(value)) {
      throw KuzzleError.of("api.assert.missing_argument", field);
    }
    if (!(value instanceof String)) {
      throw KuzzleError.of("api.assert.invalid_type", field, "string");
    }
  }

  public JsonObject input() {
    return input;
  }

  public Protocol protocol() {
    return protocol;
  }

  public String requestId() {
    return requestId;
  }

  /** When the request was received, in epoch milliseconds (the {@code timestamp} of the notifications it causes). */
  public long timestamp() {
    return timestamp;
  }

  public String controller() {
    return controller;
  }

  public String action() {
    return action;
  }

  public String jwt() {
    return input.getValue("jwt") instanceof String s ? s : null;
  }

  /** The request's volatile data, or {@code null}. */
  public JsonObject volatileData() {
    return input.getValue("volatile") instanceof JsonObject v ? v : null;
  }

  /** The raw body: a {@link JsonObject}, a {@link JsonArray} or {@code null}. */
  public Object rawBody() {
    return input.getValue("body");
  }

  /** The {@code index} argument if it is a string, else {@code null}; for envelopes and logs, never validated. */
  public String index() {
    return input.getValue("index") instanceof String s ? s : null;
  }

  /** The {@code collection} argument if it is a string, else {@code null}; never validated. */
  public String collection() {
    return input.getValue("collection") instanceof String s ? s : null;
  }

  public boolean has(String name) {
    return input.getValue(name) != null;
  }

  // Arguments

  public String getString(String name) {
    return Arguments.string(input.getValue(name), name, null, true);
  }

  public String getString(String name, String fallback) {
    return Arguments.string(input.getValue(name), name, fallback, false);
  }

  public long getInteger(String name) {
    return Arguments.integer(input.getValue(name), name, null);
  }

  public long getInteger(String name, long fallback) {
    return Arguments.integer(input.getValue(name), name, fallback);
  }

  /** A boolean argument: a presence flag over HTTP, a real JSON boolean elsewhere; {@code false} when absent. */
  public boolean getBoolean(String name) {
    Object value = input.getValue(name);
    if (protocol == Protocol.HTTP) {
      return value != null && !Boolean.FALSE.equals(value);
    }
    return Arguments.bool(value, name);
  }

  public JsonObject getObject(String name) {
    return Arguments.object(input.getValue(name), name, null, true, protocol == Protocol.HTTP);
  }

  public JsonObject getObject(String name, JsonObject fallback) {
    return Arguments.object(input.getValue(name), name, fallback, false, protocol == Protocol.HTTP);
  }

  /** An array argument; over HTTP it may also be a JSON string or comma-joined values ({@code ?ids=a,b}). */
  public JsonArray getArray(String name) {
    return Arguments.array(input.getValue(name), name, null, true, protocol == Protocol.HTTP);
  }

  public JsonArray getArray(String name, JsonArray fallback) {
    return Arguments.array(input.getValue(name), name, fallback, false, protocol == Protocol.HTTP);
  }

  /** The {@code index} argument, required. */
  public String getIndex() {
    return getString("index");
  }

  /** The {@code collection} argument, required. */
  public String getCollection() {
    return getString("collection");
  }

  /** The {@code _id} argument, required. */
  public String getId() {
    return getString("_id");
  }

  /**
   * The {@code refresh} argument: {@code "wait_for"} or {@code "false"} (its default); anything else is refused
   * with {@code services.storage.invalid_argument}.
   */
  public String getRefresh(String fallback) {
    Object value = input.getValue("refresh");
    if (value == null) {
      return fallback;
    }
    if ("wait_for".equals(value)) {
      return "wait_for";
    }
    if ("false".equals(value) || Boolean.FALSE.equals(value)) {
      return "false";
    }
    throw KuzzleError.of("services.storage.invalid_argument", "refresh", "\"wait_for\", \"false\"");
  }

  // Body

  /** The body as an object, required. */
  public JsonObject getBody() {
    Object body = rawBody();
    if (body == null) {
      throw KuzzleError.of("api.assert.body_required");
    }
    if (!(body instanceof JsonObject object)) {
      throw KuzzleError.of("api.assert.invalid_type", "body", "object");
    }
    return object;
  }

  /** The body as an object, or {@code fallback} when there is none. */
  public JsonObject getBody(JsonObject fallback) {
    return rawBody() == null ? fallback : getBody();
  }

  public String getBodyString(String name) {
    return Arguments.string(getBody().getValue(name), "body." + name, null, true);
  }

  public String getBodyString(String name, String fallback) {
    return Arguments.string(getBody(new JsonObject()).getValue(name), "body." + name, fallback, false);
  }

  public long getBodyInteger(String name, long fallback) {
    return Arguments.integer(getBody(new JsonObject()).getValue(name), "body." + name, fallback);
  }

  public JsonObject getBodyObject(String name) {
    return Arguments.object(getBody().getValue(name), "body." + name, null, true, false);
  }

  public JsonObject getBodyObject(String name, JsonObject fallback) {
    return Arguments.object(getBody(new JsonObject()).getValue(name), "body." + name, fallback, false, false);
  }

  public JsonArray getBodyArray(String name) {
    return Arguments.array(getBody().getValue(name), "body." + name, null, true, false);
  }

  public JsonArray getBodyArray(String name, JsonArray fallback) {
    return Arguments.array(getBody(new JsonObject()).getValue(name), "body." + name, fallback, false, false);
  }

  /** The request as a new envelope with one argument changed; the original is left as it is. */
  public KuzzleRequest with(String name, Object value) {
    return new KuzzleRequest(input.copy().put(name, value).put("requestId", requestId), protocol, timestamp);
  }

  @Override
  public String toString() {
    return controller() + ":" + action() + " [" + requestId + "]";
  }

  /** Typing rules shared by arguments and body fields. */
  private static final class Arguments {

    private Arguments() {
    }

    static String string(Object value, String name, String fallback, boolean required) {
      if (value == null) {
        return missing(name, fallback, required);
      }
      if (value instanceof String s) {
        return s;
      }
      throw KuzzleError.of("api.assert.invalid_type", name, "string");
    }

    static long integer(Object value, String name, Long fallback) {
      if (value == null) {
        return missing(name, fallback, fallback == null);
      }
      if (value instanceof Integer || value instanceof Long || value instanceof Short) {
        return ((Number) value).longValue();
      }
      if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
          && !Double.isInfinite(n.doubleValue())) {
        return n.longValue();
      }
      if (value instanceof String s && s.matches("-?\\d{1,18}")) {
        return Long.parseLong(s);
      }
      throw KuzzleError.of("api.assert.invalid_type", name, "integer");
    }

    static boolean bool(Object value, String name) {
      if (value == null) {
        return false;
      }
      if (value instanceof Boolean b) {
        return b;
      }
      throw KuzzleError.of("api.assert.invalid_type", name, "boolean");
    }

    static JsonObject object(Object value, String name, JsonObject fallback, boolean required, boolean text) {
      if (value == null) {
        return missing(name, fallback, required);
      }
      if (value instanceof JsonObject o) {
        return o;
      }
      if (text && value instanceof String s) {
        try {
          return new JsonObject(s);
        } catch (DecodeException | ClassCastException e) {
          throw KuzzleError.of("api.assert.invalid_type", name, "object");
        }
      }
      throw KuzzleError.of("api.assert.invalid_type", name, "object");
    }

    static JsonArray array(Object value, String name, JsonArray fallback, boolean required, boolean text) {
      if (value == null) {
        return missing(name, fallback, required);
      }
      if (value instanceof JsonArray a) {
        return a;
      }
      if (text && value instanceof String s) {
        return textArray(s);
      }
      throw KuzzleError.of("api.assert.invalid_type", name, "array");
    }

    private static JsonArray textArray(String s) {
      String trimmed = s.trim();
      if (trimmed.startsWith("[")) {
        try {
          return new JsonArray(trimmed);
        } catch (DecodeException e) {
          // Not JSON after all: an item may start with a bracket; read it as comma-joined values.
        }
      }
      JsonArray values = new JsonArray();
      if (!s.isEmpty()) {
        for (String part : s.split(",", -1)) {
          values.add(part);
        }
      }
      return values;
    }

    private static <T> T missing(String name, T fallback, boolean required) {
      if (required) {
        throw KuzzleError.of("api.assert.missing_argument", name);
      }
      return fallback;
    }
  }
}
