package io.kvx.realtime.filter;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/** Test helper: filters and documents written as JSON text. */
final class Json {

  private Json() {
  }

  static Map<String, Object> json(String text) {
    return new JsonObject(text).getMap();
  }
}
