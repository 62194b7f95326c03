package io.kvx.core.bus;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.vertx.core.json.JsonObject;

/**
 * What the pipeline sends to a controller: the request, once it passed every check, and its context (with the
 * authenticated user).
 */
public record ApiCall(KuzzleRequest request, RequestContext context) {

  public JsonObject toJson() {
    return new JsonObject()
      .put("request", request.input())
      .put("requestId", request.requestId())
      .put("timestamp", request.timestamp())
      .put("context", context.toJson());
  }

  public static ApiCall fromJson(JsonObject json) {
    RequestContext context = RequestContext.fromJson(json.getJsonObject("context"));
    JsonObject input = json.getJsonObject("request");
    if (!input.containsKey("requestId")) {
      input.put("requestId", json.getString("requestId"));
    }
    Long timestamp = json.getLong("timestamp");
    return new ApiCall(new KuzzleRequest(input, context.protocol(),
      timestamp == null ? System.currentTimeMillis() : timestamp), context);
  }

  /** Shortcut for the request's protocol. */
  public Protocol protocol() {
    return context.protocol();
  }
}
