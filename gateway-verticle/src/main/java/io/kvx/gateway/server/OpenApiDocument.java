package io.kvx.gateway.server;

import io.kvx.core.config.Yaml;
import io.kvx.core.controller.ControllerDefinition;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.controller.HttpRoute;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The {@code server:openapi} document: an OpenAPI 3.0 description of the HTTP routes of the route table, one
 * operation per non-deprecated route, tagged with its controller. Operation ids must be unique, so the first route
 * of an action is {@code controller:action} and its other routes {@code controller:action:2}, {@code :3}...; every
 * operation also names its action in {@code x-kuzzle-action}. Generated from the registry on each call, so that
 * application controllers announced later are included.
 */
final class OpenApiDocument {

  static final String OPENAPI_VERSION = "3.0.3";

  private OpenApiDocument() {
  }

  /** Which controllers the document describes: Kuzzle's core ones, or those an application added. */
  enum Scope {
    KUZZLE,
    APP;

    /** Reads the {@code scope} argument; {@code null} for an unknown value. */
    static Scope fromArgument(String value) {
      return switch (value) {
        case "kuzzle" -> KUZZLE;
        case "app" -> APP;
        default -> null;
      };
    }

    boolean includes(ControllerDefinition controller) {
      return ControllerRegistry.isCore(controller.name()) == (this == KUZZLE);
    }
  }

  /** The document describing the controllers of {@code scope} among {@code controllers}. */
  static JsonObject generate(Collection<ControllerDefinition> controllers, Scope scope) {
    JsonObject paths = new JsonObject();
    JsonArray tags = new JsonArray();
    // Sorted: the registry does not keep an order, and the same routes must give the same document.
    List<ControllerDefinition> sorted = controllers.stream().filter(scope::includes)
      .sorted(Comparator.comparing(ControllerDefinition::name)).toList();
    for (ControllerDefinition controller : sorted) {
      if (addOperations(paths, controller)) {
        tags.add(new JsonObject().put("name", controller.name())
          .put("description", "Actions of the " + controller.name() + " controller"));
      }
    }
    return new JsonObject()
      .put("openapi", OPENAPI_VERSION)
      .put("info", info(scope))
      .put("tags", tags)
      .put("paths", paths)
      .put("components", components())
      .put("security", new JsonArray().add(new JsonObject().put("bearerAuth", new JsonArray())).add(new JsonObject()));
  }

  /** {@code document} written as YAML. */
  static String toYaml(JsonObject document) {
    return Yaml.write(document);
  }

  /** Adds the operations of {@code controller} to {@code paths}; whether it had any. */
  private static boolean addOperations(JsonObject paths, ControllerDefinition controller) {
    boolean any = false;
    for (var action : controller.actions().entrySet()) {
      String name = controller.name() + ":" + action.getKey();
      int count = 0;
      for (HttpRoute route : action.getValue()) {
        if (!route.deprecated()) {
          count++;
          addOperation(paths, route, name, count == 1 ? name : name + ":" + count, controller.name());
        }
      }
      any |= count > 0;
    }
    return any;
  }

  private static void addOperation(JsonObject paths, HttpRoute route, String action, String operationId,
      String controller) {
    JsonArray parameters = new JsonArray();
    StringBuilder path = new StringBuilder();
    for (String segment : route.path().split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.startsWith(":")) {
        String name = segment.substring(1);
        parameters.add(pathParameter(name));
        path.append("/{").append(name).append('}');
      } else {
        path.append('/').append(segment);
      }
    }
    String key = path.length() == 0 ? "/" : path.toString();
    JsonObject item = paths.getJsonObject(key);
    if (item == null) {
      item = new JsonObject();
      paths.put(key, item);
    }
    // Limitation: the route table knows paths only, so an operation declares its path parameters and the generic
    // envelope, not its query arguments or body schema; describing those needs per-action metadata in core.
    JsonObject operation = new JsonObject()
      .put("operationId", operationId)
      .put("tags", new JsonArray().add(controller))
      .put("description", "Kuzzle API action " + action + ".")
      .put("x-kuzzle-action", action);
    if (!parameters.isEmpty()) {
      operation.put("parameters", parameters);
    }
    // The registry refuses two routes with the same verb and path, so no operation is overwritten here.
    item.put(route.verb().toLowerCase(Locale.ROOT), operation.put("responses", responses()));
  }

  private static JsonObject pathParameter(String name) {
    return new JsonObject()
      .put("name", name)
      .put("in", "path")
      .put("required", true)
      .put("schema", new JsonObject().put("type", "string"));
  }

  private static JsonObject responses() {
    return new JsonObject()
      .put("200", new JsonObject().put("$ref", "#/components/responses/Success"))
      .put("default", new JsonObject().put("$ref", "#/components/responses/Error"));
  }

  private static JsonObject info(Scope scope) {
    String title = scope == Scope.KUZZLE ? "KVX: Kuzzle API" : "KVX: application API";
    return new JsonObject()
      .put("title", title)
      .put("description", "Routes served by KVX, compatible with the API of Kuzzle "
        + ServerController.KUZZLE_API_VERSION + ".")
      .put("version", ServerController.KUZZLE_API_VERSION);
  }

  private static JsonObject components() {
    return new JsonObject()
      .put("securitySchemes", new JsonObject().put("bearerAuth", new JsonObject()
        .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")))
      .put("schemas", new JsonObject()
        .put("KuzzleError", errorSchema())
        .put("KuzzleResponse", responseSchema()))
      .put("responses", new JsonObject()
        .put("Success", envelope("The action's result, in the Kuzzle response envelope"))
        .put("Error", envelope("The error, in the Kuzzle response envelope")));
  }

  private static JsonObject envelope(String description) {
    return new JsonObject()
      .put("description", description)
      .put("content", new JsonObject().put("application/json", new JsonObject()
        .put("schema", new JsonObject().put("$ref", "#/components/schemas/KuzzleResponse"))));
  }

  private static JsonObject errorSchema() {
    return object(new JsonObject()
      .put("message", type("string"))
      .put("status", type("integer"))
      .put("id", type("string"))
      .put("code", type("integer"))
      .put("props", type("array").put("items", type("string"))));
  }

  private static JsonObject responseSchema() {
    return object(new JsonObject()
      .put("action", nullable("string"))
      .put("collection", nullable("string"))
      .put("controller", nullable("string"))
      .put("error", new JsonObject().put("nullable", true)
        .put("allOf", new JsonArray().add(new JsonObject().put("$ref", "#/components/schemas/KuzzleError"))))
      .put("headers", type("object"))
      .put("index", nullable("string"))
      .put("node", type("string"))
      .put("requestId", type("string"))
      .put("result", new JsonObject().put("nullable", true).put("description", "The action's result"))
      .put("status", type("integer"))
      .put("volatile", nullable("object")));
  }

  private static JsonObject object(JsonObject properties) {
    return type("object").put("properties", properties);
  }

  private static JsonObject type(String type) {
    return new JsonObject().put("type", type);
  }

  private static JsonObject nullable(String type) {
    return type(type).put("nullable", true);
  }
}
