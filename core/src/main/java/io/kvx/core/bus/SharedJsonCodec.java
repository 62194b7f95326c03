package io.kvx.core.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * A codec for {@link JsonObject} messages that many consumers read and none changes, such as change events: a
 * consumer in this JVM gets the object itself instead of the deep copy Vert.x makes of a {@link JsonObject} for each
 * consumer; other nodes get it as length-prefixed JSON. Send with
 * {@code new DeliveryOptions().setCodecName(SharedJsonCodec.NAME)}. {@link Codecs#register} registers it, so every
 * node of a cluster can read such messages whatever verticles it runs.
 */
public final class SharedJsonCodec implements MessageCodec<JsonObject, JsonObject> {

  public static final String NAME = "kvx.sharedJson";

  @Override
  public void encodeToWire(Buffer buffer, JsonObject message) {
    Buffer json = message.toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
