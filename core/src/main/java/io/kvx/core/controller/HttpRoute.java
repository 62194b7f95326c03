package io.kvx.core.controller;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * One HTTP route of an action.
 *
 * @param verb upper-case HTTP method
 * @param path path with {@code :name} placeholders, such as {@code /:index/:collection/:_id}
 * @param deprecated whether Kuzzle marks the route as deprecated
 */
public record HttpRoute(String verb, String path, boolean deprecated) {

  public HttpRoute {
    verb = verb.toUpperCase(Locale.ROOT);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("verb", verb).put("path", path);
    return deprecated ? json.put("deprecated", true) : json;
  }

  public static HttpRoute fromJson(JsonObject json) {
    return new HttpRoute(json.getString("verb"), json.getString("path"), json.getBoolean("deprecated", false));
  }
}
