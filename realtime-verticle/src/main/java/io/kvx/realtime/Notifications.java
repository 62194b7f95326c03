package io.kvx.realtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Objects;

/** Builds Kuzzle's notification objects (without {@code room}, which the {@link Notifier} sets per channel). */
final class Notifications {

  private Notifications() {
  }

  /** The request fields a notification echoes: who caused it, from where and when. */
  record Cause(String requestId, long timestamp, JsonObject volatileData, String controller, String protocol) {
  }

  /**
   * A {@code document} notification.
   *
   * @param action the notification action: {@code create}, {@code replace}, {@code update}, {@code delete} or
   *     {@code publish}
   * @param in true for scope {@code in}, false for {@code out}
   */
  static JsonObject document(String action, boolean in, JsonObject result, String index, String collection,
      Cause cause, String node) {
    String event = switch (action) {
      case "delete" -> "delete";
      case "publish" -> "publish";
      default -> "write";
    };
    return new JsonObject()
      .put("type", "document")
      .put("status", 200)
      .put("action", action)
      .put("event", event)
      .put("scope", in ? "in" : "out")
      .put("result", result)
      .put("requestId", cause.requestId())
      .put("timestamp", cause.timestamp())
      .put("volatile", orEmpty(cause.volatileData()))
      .put("index", index)
      .put("collection", collection)
      .put("controller", cause.controller())
      .put("protocol", cause.protocol())
      .put("node", node);
  }

  /**
   * A {@code user} notification: a subscriber came in ({@code subscribe} or {@code join}) or went out
   * ({@code unsubscribe}, also on disconnection); {@code count} subscribers are in the room afterwards.
   */
  static JsonObject user(String action, boolean in, int count, Room room, String protocol, JsonObject volatileData,
      String node) {
    return new JsonObject()
      .put("type", "user")
      .put("status", 200)
      .put("user", in ? "in" : "out")
      .put("result", new JsonObject().put("count", count))
      .put("action", action)
      .put("controller", "realtime")
      .put("index", room.index)
      .put("collection", room.collection)
      .put("protocol", protocol)
      .put("timestamp", System.currentTimeMillis())
      .put("volatile", orEmpty(volatileData))
      .put("node", node);
  }

  /**
   * The dotted paths of the fields an update changed, added or removed, comparing the document before and after it
   * ({@code _kuzzle_info} left out). Nested objects are compared field by field; arrays and other values as wholes.
   */
  static JsonArray updatedFields(JsonObject before, JsonObject after) {
    JsonArray paths = new JsonArray();
    diff("", before == null ? Map.of() : before.getMap(), after == null ? Map.of() : after.getMap(), paths, true);
    return paths;
  }

  @SuppressWarnings("unchecked")
  private static void diff(String prefix, Map<String, Object> before, Map<String, Object> after, JsonArray paths,
      boolean top) {
    for (Map.Entry<String, Object> entry : after.entrySet()) {
      if (top && "_kuzzle_info".equals(entry.getKey())) {
        continue;
      }
      String path = prefix + entry.getKey();
      Object old = before.get(entry.getKey());
      Map<String, Object> oldObject = asMap(old);
      Map<String, Object> newObject = asMap(entry.getValue());
      if (oldObject != null && newObject != null) {
        diff(path + ".", oldObject, newObject, paths, false);
      } else if (!before.containsKey(entry.getKey()) || !Objects.equals(plain(old), plain(entry.getValue()))) {
        paths.add(path);
      }
    }
    for (String key : before.keySet()) {
      if (!after.containsKey(key) && !(top && "_kuzzle_info".equals(key))) {
        paths.add(prefix + key);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    if (value instanceof JsonObject json) {
      return json.getMap();
    }
    return value instanceof Map ? (Map<String, Object>) value : null;
  }

  /** A value comparable with {@code equals} whatever mix of Vert.x JSON types and plain collections holds it. */
  private static Object plain(Object value) {
    if (value instanceof JsonArray array) {
      return array.getList();
    }
    return value instanceof Number number ? number.doubleValue() : value;
  }

  private static JsonObject orEmpty(JsonObject volatileData) {
    return volatileData == null ? new JsonObject() : volatileData;
  }
}
