package io.kvx.core.controller;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A controller's name, its actions and each action's HTTP routes (possibly none: such an action is reachable over
 * WebSocket, MQTT, {@code POST /_query} and the event bus only).
 */
public record ControllerDefinition(String name, Map<String, List<HttpRoute>> actions) {

  public ControllerDefinition {
    actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
  }

  public boolean hasAction(String action) {
    return actions.containsKey(action);
  }

  /**
   * The JSON form, the same as one controller of {@code api.json}, wrapped with its name:
   * {@code {"name": "...", "actions": {"action": [{"verb": "GET", "path": "/..."}]}}}.
   */
  public JsonObject toJson() {
    JsonObject actionsJson = new JsonObject();
    actions.forEach((action, routes) -> {
      JsonArray routesJson = new JsonArray();
      routes.forEach(route -> routesJson.add(route.toJson()));
      actionsJson.put(action, routesJson);
    });
    return new JsonObject().put("name", name).put("actions", actionsJson);
  }

  public static ControllerDefinition fromJson(JsonObject json) {
    return fromActions(json.getString("name"), json.getJsonObject("actions", new JsonObject()));
  }

  static ControllerDefinition fromActions(String name, JsonObject actionsJson) {
    Map<String, List<HttpRoute>> actions = new LinkedHashMap<>();
    for (String action : actionsJson.fieldNames()) {
      JsonArray routes = actionsJson.getJsonArray(action, new JsonArray());
      actions.put(action, routes.stream().map(r -> HttpRoute.fromJson((JsonObject) r)).toList());
    }
    return new ControllerDefinition(name, actions);
  }
}
