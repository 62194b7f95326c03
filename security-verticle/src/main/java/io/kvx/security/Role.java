package io.kvx.security;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * A role: which controller actions it allows, {@code {controllers: {<controller>|"*": {actions: {<action>|"*":
 * bool}}}}}. A controller's entry is used when present, even if it does not name the action (there is no fallback to
 * {@code "*"} then); within it, the action's entry, else {@code "*"}. Only {@code true} allows.
 */
record Role(String id, JsonObject source) {

  private static final List<String> MEMORY_STORAGE = List.of("ms", "memoryStorage");

  /** Reads and checks a role's content; {@code security.role.invalid_rights} names what is wrong. */
  static Role of(String id, JsonObject source) {
    Object controllers = source.getValue("controllers");
    if (!(controllers instanceof JsonObject entries)) {
      throw KuzzleError.of("security.role.invalid_rights", id, "controllers", "must be an object");
    }
    for (Map.Entry<String, Object> entry : entries) {
      if (!(entry.getValue() instanceof JsonObject controller)
          || !(controller.getValue("actions") instanceof JsonObject actions)) {
        throw KuzzleError.of("security.role.invalid_rights", id, "controllers." + entry.getKey() + ".actions",
          "must be an object");
      }
      for (Map.Entry<String, Object> action : actions) {
        if (!(action.getValue() instanceof Boolean)) {
          throw KuzzleError.of("security.role.invalid_rights", id,
            "controllers." + entry.getKey() + ".actions." + action.getKey(), "must be a boolean");
        }
      }
    }
    return new Role(id, source);
  }

  /**
   * Whether this role allows {@code controller:action}. The memory storage controller answers to both its names:
   * a role's {@code ms} or {@code memoryStorage} entry covers requests naming either, as in Kuzzle.
   */
  boolean allows(String controller, String action) {
    JsonObject controllers = source.getJsonObject("controllers");
    Object entry = controllers.getValue(controller);
    if (entry == null && MEMORY_STORAGE.contains(controller)) {
      entry = controllers.getValue("ms") != null ? controllers.getValue("ms") : controllers.getValue("memoryStorage");
    }
    if (entry == null) {
      entry = controllers.getValue("*");
    }
    if (!(entry instanceof JsonObject found)) {
      return false;
    }
    JsonObject actions = found.getJsonObject("actions");
    Object allowed = actions.getValue(action);
    if (allowed == null) {
      allowed = actions.getValue("*");
    }
    return Boolean.TRUE.equals(allowed);
  }

  JsonObject toJson() {
    return new JsonObject().put("_id", id).put("_source", source);
  }
}
