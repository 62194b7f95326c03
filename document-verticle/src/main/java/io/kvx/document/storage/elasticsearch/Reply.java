package io.kvx.document.storage.elasticsearch;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** An answer of Elasticsearch: its HTTP status and body. */
record Reply(int status, Buffer body) {

  boolean ok() {
    return status >= 200 && status < 300;
  }

  JsonObject json() {
    return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
  }

  JsonArray array() {
    return body == null || body.length() == 0 ? new JsonArray() : body.toJsonArray();
  }

  /** The {@code error.type} of a failed request, or an empty string. */
  String errorType() {
    if (ok() || body == null || body.length() == 0 || body.getByte(0) != '{') {
      return "";
    }
    Object error = json().getValue("error");
    return error instanceof JsonObject object ? object.getString("type", "") : "";
  }
}
