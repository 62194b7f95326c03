package io.kvx.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The roles and profiles Kuzzle starts with (shared objects: copy them before storing or changing them).
 * {@link #OPEN_ROLES} and {@link #OPEN_PROFILES} (an empty store, or after {@code admin:resetSecurity}): roles and
 * profiles {@code admin}, {@code default} and {@code anonymous} that allow everything. {@link #STANDARD_ROLES} and
 * {@link #STANDARD_PROFILES} (after {@code createFirstAdmin} with {@code reset}, or {@code restrictDefaultRights}):
 * the anonymous user may only log in and read public information, a logged-in user with the default profile little
 * more, and admin everything.
 */
final class SecurityDefaults {

  /** The ids no one may delete. */
  static final List<String> PROTECTED = List.of("admin", "default", "anonymous");

  static final Map<String, JsonObject> OPEN_ROLES = Map.of(
    "admin", everything(), "default", everything(), "anonymous", everything());

  static final Map<String, JsonObject> STANDARD_ROLES = Map.of(
    "admin", everything(),
    "default", new JsonObject().put("controllers", new JsonObject()
      .put("auth", actions("checkToken", "getCurrentUser", "getMyRights", "logout", "updateSelf"))
      .put("server", actions("publicApi"))),
    "anonymous", new JsonObject().put("controllers", new JsonObject()
      .put("auth", actions("checkToken", "getCurrentUser", "getMyRights", "login"))
      .put("server", actions("publicApi", "openapi"))));

  static final Map<String, JsonObject> OPEN_PROFILES = Map.of(
    "admin", profile("admin", 0), "default", profile("default", 0), "anonymous", profile("anonymous", 0));

  static final Map<String, JsonObject> STANDARD_PROFILES = Map.of(
    "admin", profile("admin", 0), "default", profile("default", 10), "anonymous", profile("anonymous", 200));

  private SecurityDefaults() {
  }

  private static JsonObject everything() {
    return new JsonObject().put("controllers", new JsonObject().put("*", actions("*")));
  }

  private static JsonObject actions(String... names) {
    JsonObject actions = new JsonObject();
    for (String name : names) {
      actions.put(name, true);
    }
    return new JsonObject().put("actions", actions);
  }

  private static JsonObject profile(String role, int rateLimit) {
    return new JsonObject().put("rateLimit", rateLimit)
      .put("policies", new JsonArray().add(new JsonObject().put("roleId", role)));
  }
}
