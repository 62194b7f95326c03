package io.kvx.core.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The user a request runs as.
 *
 * @param kuid the user's id; {@code "-1"} for the anonymous user
 * @param profileIds the profiles whose policies give the user its rights
 */
public record User(String kuid, List<String> profileIds) {

  /** Kuzzle's id for requests without a token. */
  public static final String ANONYMOUS_KUID = "-1";
  public static final User ANONYMOUS = new User(ANONYMOUS_KUID, List.of("anonymous"));

  public boolean isAnonymous() {
    return ANONYMOUS_KUID.equals(kuid);
  }

  public JsonObject toJson() {
    return new JsonObject().put("_id", kuid).put("profileIds", new JsonArray(profileIds));
  }

  public static User fromJson(JsonObject json) {
    return new User(json.getString("_id"), json.getJsonArray("profileIds", new JsonArray()).stream()
      .map(String::valueOf).toList());
  }
}
