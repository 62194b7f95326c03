package io.kvx.core.api;

import io.vertx.core.json.JsonObject;

/**
 * Where a request comes from and who sent it. Immutable; the pipeline derives a new context once the user is
 * known.
 *
 * @param connectionId id of the client connection, unique in the cluster
 * @param protocol the protocol the request arrived on
 * @param gateway event-bus address of the gateway instance holding the connection, where notifications for it are
 *     sent; {@code null} for connections that cannot receive notifications (HTTP, event-bus callers)
 * @param origin the {@code Origin} header of the connection, or {@code null}
 * @param user the user the request runs as; {@link User#ANONYMOUS} until authentication
 */
public record RequestContext(String connectionId, Protocol protocol, String gateway, String origin, User user) {

  public RequestContext withUser(User authenticated) {
    return new RequestContext(connectionId, protocol, gateway, origin, authenticated);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("connectionId", connectionId)
      .put("protocol", protocol.wireName())
      .put("gateway", gateway)
      .put("origin", origin)
      .put("user", user.toJson());
  }

  public static RequestContext fromJson(JsonObject json) {
    return new RequestContext(json.getString("connectionId"), Protocol.fromWireName(json.getString("protocol")),
      json.getString("gateway"), json.getString("origin"), User.fromJson(json.getJsonObject("user")));
  }
}
