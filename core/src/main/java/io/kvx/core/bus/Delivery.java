package io.kvx.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A notification for some connections of one gateway instance, sent to that instance's address
 * ({@link Addresses#gateway(String, String)}). The instance writes {@code notification} to each of
 * {@code connectionIds} that is still open, and ignores the others. Within the JVM the message is handed over by
 * reference, so neither the list nor the notification may change once sent; across the cluster it travels as JSON,
 * once per gateway instance whatever the number of connections.
 *
 * @param connectionIds ids of connections held by the receiving instance
 * @param notification the notification, {@code room} included (the channel, or {@code kuzzle:notification:server})
 */
public record Delivery(List<String> connectionIds, JsonObject notification) {

  /** A notification for one connection. */
  public static Delivery to(String connectionId, JsonObject notification) {
    return new Delivery(List.of(connectionId), notification);
  }

  public JsonObject toJson() {
    return new JsonObject().put("connectionIds", new JsonArray(connectionIds)).put("notification", notification);
  }

  @SuppressWarnings("unchecked")
  public static Delivery fromJson(JsonObject json) {
    return new Delivery(json.getJsonArray("connectionIds").getList(), json.getJsonObject("notification"));
  }
}
