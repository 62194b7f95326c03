package io.kvx.security;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A profile: a rate limit (requests per second per user, 0 for none) and policies, each a role restricted, or not,
 * to some indexes and collections: {@code {rateLimit?, policies: [{roleId, restrictedTo?: [{index,
 * collections?}]}]}}.
 */
record Profile(String id, int rateLimit, List<Policy> policies, JsonObject source) {

  /** One policy: a role, and where it applies ({@code null}: everywhere). */
  record Policy(String roleId, List<Restriction> restrictedTo) {

    /** Whether the policy's restrictions let a request on this index and collection through. */
    boolean covers(String index, String collection) {
      if (restrictedTo == null || index == null) {
        return true;
      }
      for (Restriction restriction : restrictedTo) {
        if (restriction.index.equals(index) && (restriction.allCollections() || collection == null
            || restriction.collections.contains(collection))) {
          return true;
        }
      }
      return false;
    }
  }

  /** An index, and some of its collections ({@code null} or empty: all of them, as in Kuzzle). */
  record Restriction(String index, List<String> collections) {

    boolean allCollections() {
      return collections == null || collections.isEmpty();
    }
  }

  /** Reads and checks a profile's content. */
  static Profile of(String id, JsonObject source) {
    Object rate = source.getValue("rateLimit", 0);
    if (!(rate instanceof Number limit) || limit.doubleValue() < 0 || limit.doubleValue() != limit.intValue()) {
      throw KuzzleError.of("api.assert.invalid_type", "rateLimit", "positive integer");
    }
    if (!(source.getValue("policies") instanceof JsonArray entries) || entries.isEmpty()) {
      throw KuzzleError.of("api.assert.missing_argument", "body.policies");
    }
    List<Policy> policies = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.getValue(i) instanceof JsonObject policy) || !(policy.getValue("roleId") instanceof String role)) {
        throw KuzzleError.of("api.assert.missing_argument", "policies[" + i + "].roleId");
      }
      policies.add(new Policy(role, restrictions(policy.getValue("restrictedTo"), i)));
    }
    return new Profile(id, limit.intValue(), List.copyOf(policies), source);
  }

  private static List<Restriction> restrictions(Object value, int policy) {
    if (value == null) {
      return null;
    }
    String path = "policies[" + policy + "].restrictedTo";
    if (!(value instanceof JsonArray entries)) {
      throw KuzzleError.of("api.assert.invalid_type", path, "array");
    }
    List<Restriction> restrictions = new ArrayList<>();
    for (Object entry : entries) {
      if (!(entry instanceof JsonObject restriction) || !(restriction.getValue("index") instanceof String index)) {
        throw KuzzleError.of("api.assert.missing_argument", path + ".index");
      }
      Object collections = restriction.getValue("collections");
      if (collections != null && !(collections instanceof JsonArray)) {
        throw KuzzleError.of("api.assert.invalid_type", path + ".collections", "array");
      }
      List<String> names = null;
      if (collections != null) {
        names = new ArrayList<>();
        for (Object name : (JsonArray) collections) {
          if (!(name instanceof String s)) {
            throw KuzzleError.of("api.assert.invalid_type", path + ".collections", "array of strings");
          }
          names.add(s);
        }
      }
      restrictions.add(new Restriction(index, names == null ? null : List.copyOf(names)));
    }
    return List.copyOf(restrictions);
  }

  JsonObject toJson() {
    return new JsonObject().put("_id", id).put("_source", source);
  }
}
