package io.kvx.core.bus;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A notification for connections of several gateway instances of one node, sent to that node
 * ({@link Addresses#gatewayNode(String)}) so that it crosses the cluster once per node rather than once per gateway
 * instance; the instance that receives it hands each instance its share as {@link Delivery} messages
 * ({@link #dispatch}). Within the JVM it is handed over by reference: neither the map, its lists nor the
 * notification may change once sent.
 *
 * @param audiences connection ids by gateway instance address ({@link Addresses#gateway(String, String)})
 * @param notification the notification, {@code room} included
 */
public record NodeDelivery(Map<String, List<String>> audiences, JsonObject notification) {

  /** The most connections in one {@link Delivery}: a gateway writes one at a time, leaving its loop free between. */
  public static final int CHUNK = 256;

  /** Sends each gateway instance of this node the deliveries for its connections. */
  public void dispatch(EventBus bus) {
    audiences.forEach((gateway, connections) -> {
      for (int from = 0; from < connections.size(); from += CHUNK) {
        bus.send(gateway, new Delivery(connections.subList(from, Math.min(connections.size(), from + CHUNK)),
          notification));
      }
    });
  }

  public JsonObject toJson() {
    JsonObject audiencesJson = new JsonObject();
    audiences.forEach((gateway, connections) -> audiencesJson.put(gateway, new JsonArray(connections)));
    return new JsonObject().put("audiences", audiencesJson).put("notification", notification);
  }

  @SuppressWarnings("unchecked")
  public static NodeDelivery fromJson(JsonObject json) {
    Map<String, List<String>> audiences = new LinkedHashMap<>();
    json.getJsonObject("audiences").forEach(entry -> audiences.put(entry.getKey(),
      ((JsonArray) entry.getValue()).getList()));
    return new NodeDelivery(audiences, json.getJsonObject("notification"));
  }
}
