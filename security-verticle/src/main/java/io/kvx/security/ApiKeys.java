package io.kvx.security;

import io.kvx.core.api.KuzzleRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Searching a user's API keys, for the {@code auth} and {@code security} controllers. */
final class ApiKeys {

  private ApiKeys() {
  }

  /**
   * The API keys of {@code kuid} matching the request's search body (all when it has no {@code query}), paged by
   * {@code from} and {@code size}: {@code {hits: [{_id, _source}], total}}, tokens never included.
   */
  static Future<JsonObject> search(SecurityService service, String kuid, KuzzleRequest request) {
    JsonObject body = request.getBody(new JsonObject());
    JsonArray must = new JsonArray().add(new JsonObject().put("term", new JsonObject().put("userId", kuid)));
    if (body.getValue("query") instanceof JsonObject query && !query.isEmpty()) {
      must.add(query);
    }
    JsonObject search = new JsonObject().put("query", new JsonObject().put("bool", new JsonObject()
      .put("must", must)));
    return service.data.search(InternalData.API_KEYS, search, (int) request.getInteger("from", 0),
      (int) request.getInteger("size", 10)).map(found -> {
        JsonArray hits = new JsonArray();
        found.getJsonArray("hits").forEach(hit -> {
          JsonObject key = (JsonObject) hit;
          hits.add(new JsonObject().put("_id", key.getString("_id")).put("_source", key.getJsonObject("_source")));
        });
        return new JsonObject().put("hits", hits).put("total", found.getLong("total"));
      });
  }
}
