package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.config.LimitsOptions;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.StorageEngine;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The {@code m*} actions of the {@code document} controller: each item succeeds or fails on its own and the answer
 * is {@code {successes, errors}}; with {@code strict}, one failure fails the whole request with
 * {@code api.process.incomplete_multiple_request}. Writes are limited to {@code limits.documentsWriteCount} items,
 * reads to {@code limits.documentsFetchCount}.
 */
final class MultiDocumentActions {

  private final StorageEngine engine;
  private final LimitsOptions limits;
  private final DocumentWrites writes;

  MultiDocumentActions(StorageEngine engine, LimitsOptions limits, DocumentWrites writes) {
    this.engine = engine;
    this.limits = limits;
    this.writes = writes;
  }

  Future<JsonObject> mGet(ApiCall call) {
    KuzzleRequest request = call.request();
    List<String> ids = ids(request, limits.documentsFetchCount(), "services.storage.get_limit_exceeded");
    List<Future<StoredDocument>> gets = ids.stream()
      .map(id -> engine.get(request.getIndex(), request.getCollection(), id)).toList();
    return Future.join(gets).transform(done -> {
      JsonArray successes = new JsonArray();
      JsonArray errors = new JsonArray();
      for (int i = 0; i < ids.size(); i++) {
        Future<StoredDocument> get = gets.get(i);
        if (get.succeeded()) {
          successes.add(get.result().toJson());
        } else if (isNotFound(get.cause())) {
          errors.add(ids.get(i));
        } else {
          return Future.failedFuture(get.cause());
        }
      }
      return strict(request, new JsonObject().put("successes", successes).put("errors", errors));
    });
  }

  Future<JsonObject> mExists(ApiCall call) {
    KuzzleRequest request = call.request();
    List<String> ids = ids(request, limits.documentsFetchCount(), "services.storage.get_limit_exceeded");
    List<Future<Boolean>> checks = ids.stream()
      .map(id -> engine.exists(request.getIndex(), request.getCollection(), id)).toList();
    return Future.all(checks).compose(done -> {
      JsonArray successes = new JsonArray();
      JsonArray errors = new JsonArray();
      for (int i = 0; i < ids.size(); i++) {
        (checks.get(i).result() ? successes : errors).add(ids.get(i));
      }
      return strict(request, new JsonObject().put("successes", successes).put("errors", errors));
    });
  }

  Future<JsonObject> mWrite(ApiCall call, WriteMode mode, String action) {
    KuzzleRequest request = call.request();
    JsonArray documents = documents(request, "body");
    boolean source = !request.has("source") || request.getBoolean("source");
    List<Future<JsonObject>> items = new ArrayList<>();
    for (Object item : documents) {
      JsonObject document = (JsonObject) item;
      String id = document.getValue("_id") instanceof String s ? s : null;
      items.add(writes.write(call, id, document.getJsonObject("body"), mode, action).map(result -> {
        JsonObject success = result.after().toJson().put("created", result.created())
          .put("result", result.created() ? "created" : "updated").put("status", result.created() ? 201 : 200);
        if (!source) {
          success.remove("_source");
        }
        return success;
      }));
    }
    return collect(request, items, documents, (errors, failure) -> errors.add(new JsonObject()
      .put("document", failure.document).put("status", failure.error.status()).put("reason", reason(failure.error))));
  }

  Future<JsonObject> mUpdate(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonArray documents = documents(request, "body");
    List<Future<JsonObject>> items = new ArrayList<>();
    for (Object item : documents) {
      JsonObject document = (JsonObject) item;
      items.add(writes.update(call, requireId(document), document.getJsonObject("body"), "mUpdate")
        .map(result -> result.after().toJson().put("status", 200)));
    }
    return collect(request, items, documents, (errors, failure) -> errors.add(new JsonObject()
      .put("document", failure.document).put("status", failure.error.status()).put("reason", reason(failure.error))));
  }

  Future<JsonObject> mUpsert(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonArray documents = documents(request, "changes");
    List<Future<JsonObject>> items = new ArrayList<>();
    for (Object item : documents) {
      JsonObject document = (JsonObject) item;
      items.add(writes.upsert(call, requireId(document), document.getJsonObject("changes"),
          document.getJsonObject("default", new JsonObject()), "mUpsert")
        .map(result -> result.after().toJson().put("created", result.created()).put("status", 200)));
    }
    return collect(request, items, documents, (errors, failure) -> errors.add(new JsonObject()
      .put("document", failure.document).put("status", failure.error.status()).put("reason", reason(failure.error))));
  }

  Future<JsonObject> mDelete(ApiCall call) {
    KuzzleRequest request = call.request();
    List<String> ids = ids(request, limits.documentsWriteCount(), "services.storage.write_limit_exceeded");
    List<Future<JsonObject>> items = ids.stream().map(id -> writes.delete(call, id, "mDelete")
      .map(result -> new JsonObject().put("_id", id))).toList();
    JsonArray idItems = new JsonArray(new ArrayList<>(ids));
    return Future.join(items).transform(done -> {
      JsonArray successes = new JsonArray();
      JsonArray errors = new JsonArray();
      for (int i = 0; i < ids.size(); i++) {
        if (items.get(i).succeeded()) {
          successes.add(ids.get(i));
        } else if (items.get(i).cause() instanceof KuzzleError error) {
          errors.add(new JsonObject().put("_id", idItems.getString(i)).put("reason", reason(error))
            .put("status", error.status()));
        } else {
          return Future.failedFuture(items.get(i).cause());
        }
      }
      return strict(request, new JsonObject().put("successes", successes).put("errors", errors));
    });
  }

  /** An item that failed with a catalogued error, and the request item it came from. */
  record Failure(JsonObject document, KuzzleError error) {
  }

  /**
   * {@code {successes, errors}} from per-item futures: successes in order, errors built by {@code addError};
   * {@code strict} applies; a failure that is not a Kuzzle error fails the whole request.
   */
  static Future<JsonObject> collect(KuzzleRequest request, List<Future<JsonObject>> items, JsonArray documents,
      BiConsumer<JsonArray, Failure> addError) {
    return Future.join(items).transform(done -> {
      JsonArray successes = new JsonArray();
      JsonArray errors = new JsonArray();
      for (int i = 0; i < items.size(); i++) {
        Future<JsonObject> item = items.get(i);
        if (item.succeeded()) {
          successes.add(item.result());
        } else if (item.cause() instanceof KuzzleError error) {
          addError.accept(errors, new Failure(documents.getJsonObject(i), error));
        } else {
          return Future.failedFuture(item.cause());
        }
      }
      return strict(request, new JsonObject().put("successes", successes).put("errors", errors));
    });
  }

  static Future<JsonObject> strict(KuzzleRequest request, JsonObject result) {
    JsonArray errors = result.getJsonArray("errors");
    if (!errors.isEmpty() && request.getBoolean("strict")) {
      int total = errors.size() + result.getJsonArray("successes").size();
      return Future.failedFuture(KuzzleError.of("api.process.incomplete_multiple_request", total)
        .withErrors(errors, errors.size()));
    }
    return Future.succeededFuture(result);
  }

  /** The items of {@code body.documents}, checked: objects, within the write limit, no {@code _source} key. */
  private JsonArray documents(KuzzleRequest request, String content) {
    JsonArray documents = request.getBodyArray("documents");
    if (documents.size() > limits.documentsWriteCount()) {
      throw KuzzleError.of("services.storage.write_limit_exceeded");
    }
    for (int i = 0; i < documents.size(); i++) {
      if (!(documents.getValue(i) instanceof JsonObject document)) {
        throw KuzzleError.of("api.assert.invalid_type", "body.documents[" + i + "]", "object");
      }
      if (document.containsKey("_source")) {
        throw KuzzleError.of("api.assert.unexpected_argument", "body.documents[" + i + "]._source", "\"" + content
          + "\"");
      }
      if (!(document.getValue(content) instanceof JsonObject)) {
        throw KuzzleError.of("api.assert.invalid_type", "body.documents[" + i + "]." + content, "object");
      }
    }
    return documents;
  }

  private static String requireId(JsonObject document) {
    if (!(document.getValue("_id") instanceof String id) || id.isEmpty()) {
      throw KuzzleError.of("api.assert.missing_argument", "body.documents[]._id");
    }
    return id;
  }

  /** {@code body.ids}, or the {@code ids} argument (a JSON array or comma-joined over HTTP). */
  private static List<String> ids(KuzzleRequest request, int limit, String tooMany) {
    JsonArray ids = request.rawBody() != null ? request.getBodyArray("ids") : request.getArray("ids");
    if (ids.size() > limit) {
      throw KuzzleError.of(tooMany);
    }
    List<String> list = new ArrayList<>();
    for (Object id : ids) {
      if (!(id instanceof String s)) {
        throw KuzzleError.of("api.assert.invalid_type", "ids", "string[]");
      }
      list.add(s);
    }
    return list;
  }

  private static boolean isNotFound(Throwable failure) {
    return failure instanceof KuzzleError error && error.id().equals("services.storage.not_found");
  }

  /** Kuzzle's short reasons for item failures. */
  private static String reason(KuzzleError error) {
    return switch (error.id()) {
      case "services.storage.document_already_exists" -> "document already exists";
      case "services.storage.not_found" -> "document not found";
      default -> error.getMessage();
    };
  }
}
