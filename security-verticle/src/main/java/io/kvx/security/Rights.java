package io.kvx.security;

import io.kvx.core.api.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rights of a user or a profile as Kuzzle lists them: {@code {hits: [{controller, action, index, collection,
 * value: "allowed"|"denied"}], total}}, one entry per action and place named by the roles (wildcards kept as
 * {@code "*"}), an entry allowed by any policy being allowed.
 */
final class Rights {

  private Rights() {
  }

  static JsonObject of(SecurityState state, User user) {
    return of(state, user.profileIds());
  }

  static JsonObject of(SecurityState state, List<String> profileIds) {
    Map<String, JsonObject> rights = new LinkedHashMap<>();
    state.anyPolicy(profileIds, (policy, role) -> {
      add(rights, role, policy);
      return false;
    });
    JsonArray hits = new JsonArray();
    rights.values().forEach(hits::add);
    return new JsonObject().put("hits", hits).put("total", hits.size());
  }

  private static void add(Map<String, JsonObject> rights, Role role, Profile.Policy policy) {
    JsonObject controllers = role.source().getJsonObject("controllers");
    for (String controller : controllers.fieldNames()) {
      JsonObject actions = controllers.getJsonObject(controller).getJsonObject("actions");
      for (String action : actions.fieldNames()) {
        boolean allowed = Boolean.TRUE.equals(actions.getValue(action));
        if (policy.restrictedTo() == null) {
          put(rights, controller, action, "*", "*", allowed);
          continue;
        }
        for (Profile.Restriction restriction : policy.restrictedTo()) {
          if (restriction.allCollections()) {
            put(rights, controller, action, restriction.index(), "*", allowed);
          } else {
            restriction.collections().forEach(collection -> put(rights, controller, action, restriction.index(),
              collection, allowed));
          }
        }
      }
    }
  }

  private static void put(Map<String, JsonObject> rights, String controller, String action, String index,
      String collection, boolean allowed) {
    String key = controller + "\n" + action + "\n" + index + "\n" + collection;
    JsonObject existing = rights.get(key);
    if (existing == null || allowed) {
      rights.put(key, new JsonObject().put("controller", controller).put("action", action).put("index", index)
        .put("collection", collection).put("value", allowed ? "allowed" : "denied"));
    }
  }
}
