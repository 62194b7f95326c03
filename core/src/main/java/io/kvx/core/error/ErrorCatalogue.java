package io.kvx.core.error;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The catalogue of every error id KVX can answer with, loaded from {@code io/kvx/core/errors.json}. The resource
 * mirrors Kuzzle's {@code lib/kerror/codes}: domains hold subdomains, which hold errors; each level carries the
 * number that goes into the combined code. Entries flagged {@code kvx} are KVX additions for situations Kuzzle
 * cannot meet (a controller served by no node, a controller that does not answer).
 */
public final class ErrorCatalogue {

  private static final String RESOURCE = "/io/kvx/core/errors.json";
  private static final Map<String, Integer> STATUS_BY_CLASS = Map.ofEntries(
    Map.entry("BadRequestError", 400),
    Map.entry("UnauthorizedError", 401),
    Map.entry("ForbiddenError", 403),
    Map.entry("NotFoundError", 404),
    Map.entry("PreconditionError", 412),
    Map.entry("SizeLimitError", 413),
    Map.entry("TooManyRequestsError", 429),
    Map.entry("InternalError", 500),
    Map.entry("PluginImplementationError", 500),
    Map.entry("ExternalServiceError", 500),
    Map.entry("ServiceUnavailableError", 503),
    Map.entry("GatewayTimeoutError", 504),
    Map.entry("PartialError", 206),
    Map.entry("MultipleErrorsError", 400));

  private final Map<String, ErrorDefinition> byId;

  private ErrorCatalogue(Map<String, ErrorDefinition> byId) {
    this.byId = Collections.unmodifiableMap(byId);
  }

  /** The catalogue bundled with KVX, loaded on first use. */
  public static ErrorCatalogue standard() {
    return Holder.STANDARD;
  }

  /** Parses a catalogue in the format of {@code errors.json}. */
  public static ErrorCatalogue parse(JsonObject domains) {
    Map<String, ErrorDefinition> byId = new LinkedHashMap<>();
    for (String domain : domains.fieldNames()) {
      JsonObject d = domains.getJsonObject(domain);
      JsonObject subdomains = d.getJsonObject("subdomains");
      for (String subdomain : subdomains.fieldNames()) {
        JsonObject s = subdomains.getJsonObject(subdomain);
        JsonObject errors = s.getJsonObject("errors");
        for (String name : errors.fieldNames()) {
          String id = domain + '.' + subdomain + '.' + name;
          int code = (d.getInteger("code") << 24) | (s.getInteger("code") << 16) | errors.getJsonObject(name)
            .getInteger("code");
          byId.put(id, definition(id, code, errors.getJsonObject(name)));
        }
      }
    }
    return new ErrorCatalogue(byId);
  }

  private static ErrorDefinition definition(String id, int code, JsonObject error) {
    String errorClass = error.getString("class");
    Integer status = STATUS_BY_CLASS.get(errorClass);
    if (status == null) {
      throw new IllegalArgumentException("Error " + id + " has an unknown class: " + errorClass);
    }
    return new ErrorDefinition(id, code, status, errorClass, error.getString("message"));
  }

  /** The definition of {@code id}, or an {@link IllegalArgumentException} for an id the catalogue lacks. */
  public ErrorDefinition definition(String id) {
    ErrorDefinition definition = byId.get(id);
    if (definition == null) {
      throw new IllegalArgumentException("Unknown error id: " + id);
    }
    return definition;
  }

  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  public Collection<ErrorDefinition> definitions() {
    return byId.values();
  }

  private static final class Holder {

    private static final ErrorCatalogue STANDARD = load();

    private static ErrorCatalogue load() {
      try (InputStream in = ErrorCatalogue.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("Missing resource " + RESOURCE);
        }
        return parse(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
