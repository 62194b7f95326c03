package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.WriteMode;
import io.kvx.document.storage.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Kuzzle's {@code bulk} controller: writes that store documents as given, notify only when asked ({@code notify})
 * and have no write limit; {@code import} takes Elasticsearch bulk lines and never notifies.
 */
final class BulkController {

  private static final Set<String> IMPORT_ACTIONS = Set.of("index", "create", "update", "delete");

  private final DocumentWrites writes;

  BulkController(DocumentWrites writes) {
    this.writes = writes;
  }

  ApiController controller() {
    return ApiController.named("bulk")
      .action("write", this::write)
      .action("mWrite", this::mWrite)
      .action("import", this::importLines)
      .action("deleteByQuery", this::deleteByQuery)
      .action("updateByQuery", this::updateByQuery)
      .build();
  }

  /** {@code {deleted}}: every match deleted, without limit nor change event. */
  private Future<JsonObject> deleteByQuery(ApiCall call) {
    JsonObject body = QueryActions.queryBody(call.request(), call.request().getBodyObject("query"));
    return writes.quiet().deleteByQuery(call, body, Long.MAX_VALUE, "deleteByQuery")
      .map(deleted -> new JsonObject().put("deleted", deleted.written().size()));
  }

  /**
   * {@code {updated}}: the changes merged as given (no metadata) into every match, without limit nor change event;
   * {@code services.storage.incomplete_update} with the failures when some documents refused them.
   */
  private Future<JsonObject> updateByQuery(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonObject body = QueryActions.queryBody(request, request.getBodyObject("query"));
    JsonObject changes = request.getBodyObject("changes");
    return writes.updateByQueryAsGiven(call, body, changes).compose(updated -> {
      if (!updated.failed().isEmpty()) {
        JsonArray errors = QueryActions.errors(updated, changes);
        return Future.failedFuture(KuzzleError.of("services.storage.incomplete_update", updated.written().size())
          .withErrors(errors, errors.size()));
      }
      return Future.succeededFuture(new JsonObject().put("updated", updated.written().size()));
    });
  }

  private Future<JsonObject> write(ApiCall call) {
    KuzzleRequest request = call.request();
    return writes.writeAsGiven(call, request.getString("_id", null), request.getBody(), WriteMode.CREATE_OR_REPLACE,
        "write", request.getBoolean("notify"))
      .map(result -> result.after().toJson());
  }

  private Future<JsonObject> mWrite(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonArray documents = request.getBodyArray("documents");
    boolean notify = request.getBoolean("notify");
    List<Future<JsonObject>> items = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      if (!(documents.getValue(i) instanceof JsonObject document)
          || !(document.getValue("body") instanceof JsonObject body)) {
        throw KuzzleError.of("api.assert.invalid_type", "body.documents[" + i + "].body", "object");
      }
      String id = document.getValue("_id") instanceof String s ? s : null;
      items.add(writes.writeAsGiven(call, id, body, WriteMode.CREATE_OR_REPLACE, "mWrite", notify)
        .map(result -> result.after().toJson()));
    }
    return MultiDocumentActions.collect(request, items, documents, (errors, failure) -> errors.add(new JsonObject()
      .put("document", failure.document()).put("status", failure.error().status())
      .put("reason", failure.error().getMessage())));
  }

  /**
   * {@code bulk:import}: pairs of Elasticsearch bulk lines ({@code {"create": {"_id": ...}}} then the document;
   * {@code delete} takes no document). Any {@code _index} is ignored: the target is the request's collection.
   */
  private Future<JsonObject> importLines(ApiCall call) {
    return importLines(call, call.request().getBodyArray("bulkData"));
  }

  /** Runs bulk {@code lines} on the index and collection of {@code call}'s request, without notifications. */
  Future<JsonObject> importLines(ApiCall call, JsonArray lines) {
    KuzzleRequest request = call.request();
    List<ImportOperation> operations = parse(lines);
    DocumentWrites quiet = writes.quiet();
    JsonArray positions = new JsonArray();
    List<Future<JsonObject>> results = new ArrayList<>();
    for (int i = 0; i < operations.size(); i++) {
      String type = operations.get(i).type;
      positions.add(new JsonObject().put("index", i));
      results.add(operations.get(i).run(call, quiet).map(result -> new JsonObject().put(type, result)));
    }
    return MultiDocumentActions.collect(request, results, positions, (errors, failure) -> {
      ImportOperation op = operations.get(failure.document().getInteger("index"));
      errors.add(new JsonObject().put(op.type, op.error(failure.error())));
    });
  }

  private static List<ImportOperation> parse(JsonArray lines) {
    List<ImportOperation> operations = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      if (!(lines.getValue(i) instanceof JsonObject action) || action.size() != 1
          || !IMPORT_ACTIONS.contains(action.fieldNames().iterator().next())) {
        throw KuzzleError.of("api.assert.invalid_argument", "body.bulkData[" + i + "]",
          "an action line: index, create, update or delete");
      }
      String type = action.fieldNames().iterator().next();
      JsonObject meta = action.getValue(type) instanceof JsonObject m ? m : new JsonObject();
      String id = meta.getValue("_id") instanceof String s ? s : null;
      JsonObject document = null;
      if (!type.equals("delete")) {
        if (i + 1 >= lines.size() || !(lines.getValue(i + 1) instanceof JsonObject next)) {
          throw KuzzleError.of("api.assert.invalid_argument", "body.bulkData[" + (i + 1) + "]", "a document");
        }
        document = next;
        i++;
      }
      operations.add(new ImportOperation(type, id, document));
      i++;
    }
    return operations;
  }

  /** One operation of an import. */
  private record ImportOperation(String type, String id, JsonObject document) {

    Future<JsonObject> run(ApiCall call, DocumentWrites writes) {
      Future<WriteResult> written = switch (type) {
        case "create" -> writes.write(call, id, document, WriteMode.CREATE, "import");
        case "index" -> writes.write(call, id, document, WriteMode.CREATE_OR_REPLACE, "import");
        case "update" -> writes.update(call, id, document.getJsonObject("doc", document), "import");
        default -> writes.delete(call, id, "import");
      };
      return written.map(result -> {
        String writtenId = result.after() != null ? result.after().id() : result.before().id();
        return new JsonObject().put("_id", writtenId).put("status", result.created() ? 201 : 200);
      });
    }

    JsonObject error(KuzzleError error) {
      JsonObject item = new JsonObject().put("_id", id).put("status", error.status());
      if (document != null) {
        item.put("_source", document);
      }
      return item.put("error", new JsonObject().put("type", error.id()).put("reason", error.getMessage()));
    }
  }
}
