package io.kvx.core.error;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * An error a client sees, as Kuzzle serializes it: {@code {message, status, id, code, props}}, plus
 * {@code errors} and {@code count} for partial and multiple errors. It is thrown and passed around as a value;
 * it has no stack trace because its place in KVX's code means nothing to a client.
 */
public final class KuzzleError extends RuntimeException {

  private final String id;
  private final int code;
  private final int status;
  private final List<Object> props;
  private final JsonArray errors;
  private final Integer count;

  private KuzzleError(String id, int code, int status, String message, List<Object> props, JsonArray errors,
      Integer count) {
    super(message, null, false, false);
    this.id = id;
    this.code = code;
    this.status = status;
    this.props = props;
    this.errors = errors;
    this.count = count;
  }

  /** The error {@code id} of the standard catalogue, its message built from {@code props}. */
  public static KuzzleError of(String id, Object... props) {
    ErrorDefinition definition = ErrorCatalogue.standard().definition(id);
    return new KuzzleError(id, definition.code(), definition.status(), definition.format(props),
      List.of(stringify(props)), null, null);
  }

  /** The error {@code id} with a message of its own, for errors whose template is a single {@code %s}. */
  public static KuzzleError withMessage(String id, String message) {
    ErrorDefinition definition = ErrorCatalogue.standard().definition(id);
    return new KuzzleError(id, definition.code(), definition.status(), message, List.of(message), null, null);
  }

  /** Reads an error serialized by {@link #toJson()}, for instance one that crossed the event bus. */
  public static KuzzleError fromJson(JsonObject json) {
    JsonArray props = json.getJsonArray("props", new JsonArray());
    return new KuzzleError(json.getString("id", "core.fatal.unexpected_error"), json.getInteger("code", 1),
      json.getInteger("status", 500), json.getString("message", ""), props.getList(), json.getJsonArray("errors"),
      json.getInteger("count"));
  }

  /**
   * The error a failed event-bus reply carries: a handler fails a message with the JSON of a Kuzzle error as its
   * message; any other failure is reported as {@code core.fatal.unexpected_error}.
   */
  public static KuzzleError fromFailure(Throwable failure) {
    if (failure instanceof KuzzleError error) {
      return error;
    }
    String message = failure.getMessage();
    if (message != null && message.startsWith("{")) {
      try {
        return fromJson(new JsonObject(message));
      } catch (DecodeException | ClassCastException notAnError) {
        // A plain message from a handler that did not use the catalogue: reported as unexpected below.
      }
    }
    return of("core.fatal.unexpected_error", String.valueOf(message));
  }

  /** This error carrying the per-item errors of a partial or multiple-errors failure. */
  public KuzzleError withErrors(JsonArray itemErrors, int itemCount) {
    return new KuzzleError(id, code, status, getMessage(), props, itemErrors, itemCount);
  }

  public String id() {
    return id;
  }

  public int code() {
    return code;
  }

  public int status() {
    return status;
  }

  public List<Object> props() {
    return props;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("message", getMessage())
      .put("status", status)
      .put("id", id)
      .put("code", code)
      .put("props", new JsonArray(props));
    if (errors != null) {
      json.put("errors", errors).put("count", count);
    }
    return json;
  }

  @Override
  public String toString() {
    return id + " (" + status + "): " + getMessage();
  }

  private static Object[] stringify(Object[] props) {
    return Arrays.stream(props).map(String::valueOf).toArray();
  }
}
