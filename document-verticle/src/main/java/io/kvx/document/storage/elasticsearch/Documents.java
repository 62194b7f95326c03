package io.kvx.document.storage.elasticsearch;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.FieldPaths;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteMode;
import io.kvx.document.storage.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Single-document reads and writes. A write that needs the document as it was (replace, update, delete, field
 * deletion) reads it, then writes on the condition that nobody wrote in between ({@code if_seq_no} and
 * {@code if_primary_term}); if somebody did, it reads and tries again, a little later, so that concurrent writes of
 * one document all apply, one after the other, as on the embedded engine. Writes go through the collection's alias
 * with {@code require_alias}, so that a write to a deleted collection fails instead of creating an index. Reads and
 * writes leave in {@link Batches}, so that concurrent ones share requests.
 */
final class Documents {

  /** Attempts of one write that keeps losing races, before {@code services.storage.too_many_changes}. */
  static final int MAX_ATTEMPTS = 100;

  private final Vertx vertx;
  private final Indices indices;
  private final Batches batches;

  Documents(Vertx vertx, Indices indices) {
    this.vertx = vertx;
    this.indices = indices;
    this.batches = new Batches(vertx, indices.rest());
  }

  /** The document with its sequence number, or {@code null} if there is none. */
  Future<Versioned> read(String index, String collection, String id) {
    return batches.read(indices.names().index(index, collection), id, true).compose(reply -> {
      if (reply.ok()) {
        return Future.succeededFuture(Versioned.of(reply.json()));
      }
      return reply.status() == 404 && reply.errorType().isEmpty() ? Future.succeededFuture()
        : indices.fail(reply, index, collection);
    });
  }

  Future<StoredDocument> get(String index, String collection, String id) {
    return read(index, collection, id).compose(found -> found == null
      ? Future.failedFuture(notFound(index, collection, id)) : Future.succeededFuture(found.document()));
  }

  Future<Boolean> exists(String index, String collection, String id) {
    return batches.read(indices.names().index(index, collection), id, false).compose(reply -> {
      if (reply.ok() || reply.status() == 404 && reply.errorType().isEmpty()) {
        return Future.succeededFuture(reply.ok());
      }
      return indices.fail(reply, index, collection);
    });
  }

  Future<WriteResult> write(String index, String collection, String id, JsonObject source, WriteMode mode,
      boolean refresh) {
    if (mode == WriteMode.CREATE) {
      return create(index, collection, id, source, refresh).recover(failure -> Future.failedFuture(
        failure instanceof Versioned.Conflict ? KuzzleError.of("services.storage.document_already_exists")
          : failure));
    }
    return retrying(id, () -> read(index, collection, id).compose(current -> {
      if (current == null) {
        return mode == WriteMode.REPLACE ? Future.failedFuture(notFound(index, collection, id))
          : create(index, collection, id, source, refresh);
      }
      return replace(index, collection, current, source, refresh);
    }), 0);
  }

  /** Deep-merges {@code changes}: objects merge key by key, any other value replaces. */
  Future<WriteResult> update(String index, String collection, String id, JsonObject changes, boolean refresh) {
    return change(index, collection, id, source -> merge(source, changes), refresh);
  }

  Future<WriteResult> deleteFields(String index, String collection, String id, List<String> paths,
      JsonObject changes, boolean refresh) {
    return change(index, collection, id, source -> {
      paths.forEach(path -> FieldPaths.unset(source, path));
      return merge(source, changes);
    }, refresh);
  }

  private Future<WriteResult> change(String index, String collection, String id, UnaryOperator<JsonObject> change,
      boolean refresh) {
    return retrying(id, () -> read(index, collection, id).compose(current -> current == null
      ? Future.failedFuture(notFound(index, collection, id))
      : replace(index, collection, current, change.apply(current.document().source().copy()), refresh)), 0);
  }

  Future<WriteResult> delete(String index, String collection, String id, boolean refresh) {
    return retrying(id, () -> read(index, collection, id).compose(current -> {
      if (current == null) {
        return Future.failedFuture(notFound(index, collection, id));
      }
      JsonObject metadata = current.condition(new JsonObject().put("_index", indices.names().index(index,
        collection)).put("_id", id));
      return batches.write("delete", metadata, null, refresh).compose(reply -> {
        if (reply.ok()) {
          return Future.succeededFuture(new WriteResult(current.document(), null));
        }
        return reply.status() == 409 ? Future.failedFuture(new Versioned.Conflict())
          : reply.status() == 404 && reply.errorType().isEmpty()
          ? Future.failedFuture(notFound(index, collection, id)) : indices.fail(reply, index, collection);
      });
    }), 0);
  }

  /** Creates a document that must not exist; fails with a {@link Versioned.Conflict} if it does. */
  private Future<WriteResult> create(String index, String collection, String id, JsonObject source,
      boolean refresh) {
    JsonObject metadata = target(index, collection);
    // A generated id cannot be taken already: the document is indexed, which every version accepts without an id.
    Future<Reply> sent = id == null ? batches.write("index", metadata, source, refresh)
      : batches.write("create", metadata.put("_id", id), source, refresh);
    return written(sent, index, collection, null, source);
  }

  private Future<WriteResult> replace(String index, String collection, Versioned current, JsonObject source,
      boolean refresh) {
    JsonObject metadata = current.condition(target(index, collection).put("_id", current.document().id()));
    return written(batches.write("index", metadata, source, refresh), index, collection, current.document(),
      source);
  }

  private Future<WriteResult> written(Future<Reply> sent, String index, String collection, StoredDocument before,
      JsonObject source) {
    return sent.compose(reply -> {
      if (reply.ok()) {
        JsonObject answer = reply.json();
        return Future.succeededFuture(new WriteResult(before, new StoredDocument(answer.getString("_id"),
          answer.getLong("_version"), source)));
      }
      return reply.status() == 409 ? Future.failedFuture(new Versioned.Conflict())
        : indices.fail(reply, index, collection);
    });
  }

  /** Runs an attempt again, after a short random pause, each time it fails with a {@link Versioned.Conflict}. */
  <T> Future<T> retrying(String id, Supplier<Future<T>> attempt, int attempts) {
    return attempt.get().recover(failure -> {
      if (!(failure instanceof Versioned.Conflict)) {
        return Future.failedFuture(failure);
      }
      if (attempts + 1 >= MAX_ATTEMPTS) {
        return Future.failedFuture(Versioned.tooManyChanges(id));
      }
      long pause = 1 + ThreadLocalRandom.current().nextInt(Math.min(attempts + 2, 20));
      return vertx.timer(pause).compose(fired -> retrying(id, attempt, attempts + 1));
    });
  }

  /** The metadata of a write through the collection's alias, refused if the alias is gone. */
  private JsonObject target(String index, String collection) {
    return new JsonObject().put("_index", indices.names().alias(index, collection)).put("require_alias", true);
  }

  static KuzzleError notFound(String index, String collection, String id) {
    return KuzzleError.of("services.storage.not_found", id, index, collection);
  }

  static JsonObject merge(JsonObject target, JsonObject changes) {
    for (Map.Entry<String, Object> change : changes) {
      Object current = target.getValue(change.getKey());
      if (current instanceof JsonObject existing && change.getValue() instanceof JsonObject incoming) {
        merge(existing, incoming);
      } else {
        target.put(change.getKey(), change.getValue() instanceof JsonObject o ? o.copy() : change.getValue());
      }
    }
    return target;
  }
}
