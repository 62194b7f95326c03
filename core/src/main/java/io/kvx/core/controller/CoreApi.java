package io.kvx.core.controller;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kuzzle 2's core controllers, their actions and HTTP routes, read once from {@code io/kvx/core/api.json}. Every
 * action of the table is routed whether or not a node serves its controller.
 */
public final class CoreApi {

  private static final String RESOURCE = "/io/kvx/core/api.json";

  private CoreApi() {
  }

  /** Core controllers by name, in the order of the resource. */
  public static Map<String, ControllerDefinition> controllers() {
    return Holder.CONTROLLERS;
  }

  private static final class Holder {

    private static final Map<String, ControllerDefinition> CONTROLLERS = load();

    private static Map<String, ControllerDefinition> load() {
      try (InputStream in = CoreApi.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("Missing resource " + RESOURCE);
        }
        JsonObject api = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        Map<String, ControllerDefinition> core = new LinkedHashMap<>();
        for (String name : api.fieldNames()) {
          core.put(name, ControllerDefinition.fromActions(name, api.getJsonObject(name)));
        }
        return Collections.unmodifiableMap(core);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
