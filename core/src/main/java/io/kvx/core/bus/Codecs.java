package io.kvx.core.bus;

import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.controller.ControllerDefinition;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.function.Function;

/** Registers the codecs of KVX's message types on a Vert.x instance. */
public final class Codecs {

  private Codecs() {
  }

  /**
   * Registers the default codecs for {@link ApiCall}, {@link KuzzleResponse}, {@link ControllerDefinition} and
   * {@link Delivery}, {@link NodeDelivery}, and the named {@link SharedJsonCodec}.
   * Idempotent: every verticle may call it from its start method.
   */
  public static synchronized void register(Vertx vertx) {
    registerOnce(vertx, ApiCall.class, ApiCall::toJson, ApiCall::fromJson);
    registerOnce(vertx, KuzzleResponse.class, Codecs::responseToJson, Codecs::responseFromJson);
    registerOnce(vertx, ControllerDefinition.class, ControllerDefinition::toJson, ControllerDefinition::fromJson);
    registerOnce(vertx, Delivery.class, Delivery::toJson, Delivery::fromJson);
    registerOnce(vertx, NodeDelivery.class, NodeDelivery::toJson, NodeDelivery::fromJson);
    try {
      vertx.eventBus().registerCodec(new SharedJsonCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // As above.
    }
  }

  private static <T> void registerOnce(Vertx vertx, Class<T> type, Function<T, JsonObject> to,
      Function<JsonObject, T> from) {
    try {
      vertx.eventBus().registerDefaultCodec(type, new LocalFirstCodec<>(type, to, from));
    } catch (IllegalStateException alreadyRegistered) {
      // Another verticle of this Vert.x instance registered it first; the codec is stateless, so that one serves.
    }
  }

  static JsonObject responseToJson(KuzzleResponse response) {
    JsonObject json = new JsonObject()
      .put("status", response.status())
      .put("hasResult", response.hasResult())
      .put("headers", response.headers());
    if (response.error() != null) {
      json.put("error", response.error().toJson());
    }
    if (response.result() instanceof Buffer buffer) {
      json.put("buffer", Base64.getEncoder().encodeToString(buffer.getBytes()));
    } else {
      json.put("result", response.result());
    }
    if (response.isRaw()) {
      json.put("rawContentType", response.rawContentType());
    }
    if (response.isStream()) {
      json.put("stream", response.streamAddress());
    }
    return json;
  }

  static KuzzleResponse responseFromJson(JsonObject json) {
    KuzzleResponse response;
    Object result = json.containsKey("buffer")
      ? Buffer.buffer(Base64.getDecoder().decode(json.getString("buffer")))
      : json.getValue("result");
    if (json.containsKey("error")) {
      response = KuzzleResponse.of(KuzzleError.fromJson(json.getJsonObject("error")), result);
    } else if (json.containsKey("stream")) {
      response = KuzzleResponse.stream(json.getString("stream"), json.getString("rawContentType"));
    } else {
      if (json.containsKey("rawContentType")) {
        response = KuzzleResponse.raw(result, json.getString("rawContentType"));
      } else {
        response = json.getBoolean("hasResult") ? KuzzleResponse.of(result) : KuzzleResponse.empty();
      }
    }
    return response.withStatus(json.getInteger("status")).withHeaders(json.getJsonObject("headers"));
  }
}
