package io.kvx.security;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.config.Units;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The {@code security} actions that read the security collections as collections: searches of users and profiles
 * (with scrolls), users by credentials, and the mappings of users, profiles and roles.
 */
final class SecuritySearches {

  private final InternalData data;

  SecuritySearches(InternalData data) {
    this.data = data;
  }

  ApiController.Builder register(ApiController.Builder builder) {
    return builder
      .action("searchUsers", call -> search(InternalData.USERS, call.request(), query(call.request())))
      .action("scrollUsers", call -> scroll(InternalData.USERS, call.request()))
      .action("searchProfiles", call -> search(InternalData.PROFILES, call.request(), profileQuery(call.request())))
      .action("scrollProfiles", call -> scroll(InternalData.PROFILES, call.request()))
      .action("searchUsersByCredentials", call -> credentials(call.request()))
      .action("getUserMapping", call -> data.mapping(InternalData.USERS))
      .action("updateUserMapping", call -> data.updateMapping(InternalData.USERS, call.request().getBody()))
      .action("getProfileMapping", call -> data.mapping(InternalData.PROFILES))
      .action("updateProfileMapping", call -> data.updateMapping(InternalData.PROFILES, call.request().getBody()))
      .action("getRoleMapping", call -> data.mapping(InternalData.ROLES))
      .action("updateRoleMapping", call -> data.updateMapping(InternalData.ROLES, call.request().getBody()));
  }

  /** The search body of a user search: its {@code query} and {@code sort}. */
  private static JsonObject query(KuzzleRequest request) {
    JsonObject body = request.getBody(new JsonObject());
    JsonObject search = new JsonObject();
    if (body.getValue("query") instanceof JsonObject query) {
      search.put("query", query);
    }
    if (body.containsKey("sort")) {
      search.put("sort", body.getValue("sort"));
    }
    return search;
  }

  /** A profile search names roles ({@code {roles: [...]}}): profiles with a policy on any of them. */
  private static JsonObject profileQuery(KuzzleRequest request) {
    JsonArray roles = request.getBody(new JsonObject()).getJsonArray("roles");
    return roles == null || roles.isEmpty() ? new JsonObject()
      : new JsonObject().put("query", new JsonObject().put("terms", new JsonObject().put("policies.roleId", roles)));
  }

  private Future<JsonObject> search(String collection, KuzzleRequest request, JsonObject body) {
    int from = (int) request.getInteger("from", 0);
    int size = (int) request.getInteger("size", 10);
    String scroll = request.getString("scroll", null);
    Future<JsonObject> page = scroll == null ? data.search(collection, body, from, size)
      : data.search(collection, body, from, size, millis(scroll));
    return page.map(SecuritySearches::documents);
  }

  private Future<JsonObject> scroll(String collection, KuzzleRequest request) {
    String scroll = request.getString("scroll", null);
    return data.scroll(collection, request.getString("scrollId"), scroll == null ? 0 : millis(scroll))
      .map(SecuritySearches::documents);
  }

  /** {@code {hits: [{kuid, username}], total}} for the local credentials matching the body's query. */
  private Future<JsonObject> credentials(KuzzleRequest request) {
    String strategy = request.getString("strategy");
    if (!"local".equals(strategy)) {
      throw KuzzleError.of("security.credentials.unknown_strategy", strategy);
    }
    return data.search(InternalData.CREDENTIALS, query(request), (int) request.getInteger("from", 0),
      (int) request.getInteger("size", 10)).map(found -> {
        JsonArray hits = new JsonArray();
        found.getJsonArray("hits").forEach(hit -> {
          JsonObject credentials = (JsonObject) hit;
          hits.add(new JsonObject().put("kuid", credentials.getJsonObject("_source").getString("kuid"))
            .put("username", credentials.getString("_id")));
        });
        return new JsonObject().put("hits", hits).put("total", found.getLong("total"));
      });
  }

  /** A page as the security controller answers it: {@code {_id, _source}} hits, {@code scrollId} when scrolling. */
  private static JsonObject documents(JsonObject page) {
    JsonArray hits = new JsonArray();
    page.getJsonArray("hits").forEach(hit -> {
      JsonObject document = (JsonObject) hit;
      hits.add(new JsonObject().put("_id", document.getString("_id"))
        .put("_source", document.getJsonObject("_source")));
    });
    JsonObject result = new JsonObject().put("hits", hits).put("total", page.getLong("total"));
    if (page.containsKey("scrollId")) {
      result.put("scrollId", page.getString("scrollId"));
    }
    return result;
  }

  private static long millis(String duration) {
    try {
      return Units.millis(duration);
    } catch (IllegalArgumentException e) {
      throw KuzzleError.of("api.assert.invalid_argument", "scroll", "a duration such as \"10s\"");
    }
  }
}
