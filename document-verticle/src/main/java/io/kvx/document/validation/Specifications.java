package io.kvx.document.validation;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.SearchResult;
import io.kvx.document.storage.StorageEngine;
import io.kvx.document.storage.WriteMode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collection specifications of a node: kept durably as documents {@code {index, collection, validation}} with
 * the id {@code <index>#<collection>} in the collection {@value #COLLECTION} of KVX's internal index (Kuzzle's
 * layout), and cached in memory, each collection's on its first use. Writes of the document controller ask it to
 * check and complete their documents.
 */
public final class Specifications {

  /** The internal collection holding the specifications. */
  public static final String COLLECTION = "validations";

  private static final Logger LOG = LoggerFactory.getLogger(Specifications.class);

  private final StorageEngine engine;
  private final String internalIndex;
  private final Map<String, Optional<CollectionSpec>> cache = new ConcurrentHashMap<>();
  private volatile boolean ready;

  public Specifications(StorageEngine engine, String internalIndex) {
    this.engine = engine;
    this.internalIndex = internalIndex;
  }

  /**
   * The mapping of {@value #COLLECTION}: the index and collection names are searchable; the specifications
   * themselves are kept but not indexed, since their keys are the client's.
   */
  public static JsonObject mapping() {
    return new JsonObject().put("dynamic", "false").put("properties", new JsonObject()
      .put("index", new JsonObject().put("type", "keyword"))
      .put("collection", new JsonObject().put("type", "keyword")));
  }

  // Limitation: the cache is this node's; a KVX cluster would need the other nodes told of each change (an
  // event-bus publish that clears their entry) before specifications could be changed on one node and enforced
  // on all.

  /** The stored document {@code {index, collection, validation}}; 404 {@code validation.assert.not_found}. */
  public Future<JsonObject> get(String index, String collection) {
    return stored(index, collection).map(found -> found.orElseThrow(
      () -> KuzzleError.of("validation.assert.not_found", index, collection)));
  }

  /**
   * Checks and stores the specifications of a collection, replacing any; 400
   * {@code validation.assert.invalid_specifications} listing the problems.
   */
  public Future<JsonObject> update(String index, String collection, Object body) {
    SpecificationParser.Parsed parsed = SpecificationParser.parse(index, collection, body);
    if (!parsed.valid()) {
      return Future.failedFuture(KuzzleError.of("validation.assert.invalid_specifications",
        String.join("\n\t- ", parsed.errors())));
    }
    JsonObject document = new JsonObject().put("index", index).put("collection", collection)
      .put("validation", parsed.spec().raw());
    return ensureCollection()
      .compose(done -> engine.write(internalIndex, COLLECTION, id(index, collection), document,
        WriteMode.CREATE_OR_REPLACE, true))
      .map(written -> {
        cache.put(id(index, collection), Optional.of(parsed.spec()));
        return parsed.spec().raw();
      });
  }

  /** {@code {valid: true}}, or {@code {valid: false, description, details: [messages]}}. */
  public static JsonObject validate(String index, String collection, Object body) {
    SpecificationParser.Parsed parsed = SpecificationParser.parse(index, collection, body);
    if (parsed.valid()) {
      return new JsonObject().put("valid", true);
    }
    return new JsonObject().put("valid", false).put("description", "The specifications are invalid.")
      .put("details", new JsonArray(parsed.errors()));
  }

  /** Removes the specifications of a collection; nothing happens when there are none. */
  public Future<Void> delete(String index, String collection) {
    String id = id(index, collection);
    return ensureCollection()
      .compose(done -> engine.delete(internalIndex, COLLECTION, id, true))
      .<Void>mapEmpty()
      .recover(failure -> isNotFound(failure) ? Future.succeededFuture() : Future.failedFuture(failure))
      .andThen(done -> cache.put(id, Optional.empty()));
  }

  /** Runs a search body over the stored specifications. */
  public Future<SearchResult> search(JsonObject body, long scrollMillis) {
    return ensureCollection().compose(done -> engine.search(internalIndex, COLLECTION, body, scrollMillis));
  }

  /**
   * Checks a whole document (create, createOrReplace, replace, the creation of an upsert) and answers it with the
   * default values filled in; fails with the first {@code validation.check.*} problem.
   */
  public Future<JsonObject> checkWrite(String index, String collection, JsonObject document) {
    return spec(index, collection).map(found -> {
      if (found.isEmpty()) {
        return document;
      }
      JsonObject completed = DocumentValidator.applyDefaults(found.get(), document.copy(), false);
      throwFirst(DocumentValidator.check(found.get(), completed));
      return completed;
    });
  }

  /**
   * Checks an update as Kuzzle does, on the stored document with the changes merged in, and answers the changes
   * with the defaults of the fields they set to {@code null}. A missing document is left to the update to report.
   */
  public Future<JsonObject> checkUpdate(String index, String collection, String id, JsonObject changes) {
    return spec(index, collection).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(changes);
      }
      CollectionSpec spec = found.get();
      // Limitation: the stored document is read, then the update written in a second step (as Kuzzle does); a write
      // landing in between is not seen by the check. An engine-level conditional update on the version read would
      // close the gap.
      return engine.get(index, collection, id).transform(got -> {
        if (got.failed()) {
          return isNotFound(got.cause()) ? Future.succeededFuture(changes) : Future.failedFuture(got.cause());
        }
        JsonObject completed = DocumentValidator.applyDefaults(spec, changes.copy(), true);
        throwFirst(DocumentValidator.check(spec, got.result().source().copy().mergeIn(completed, true)));
        return Future.succeededFuture(completed);
      });
    });
  }

  /** Kuzzle's {@code document:validate} answer: {@code {errorMessages, valid}}, nothing written. */
  public Future<JsonObject> report(String index, String collection, JsonObject document) {
    return spec(index, collection).map(found -> {
      List<DocumentValidator.Issue> issues = found.isEmpty() ? List.of()
        : DocumentValidator.check(found.get(), document);
      return new JsonObject().put("errorMessages", DocumentValidator.report(issues)).put("valid", issues.isEmpty());
    });
  }

  private static void throwFirst(List<DocumentValidator.Issue> issues) {
    if (!issues.isEmpty()) {
      throw issues.get(0).toError();
    }
  }

  private Future<Optional<CollectionSpec>> spec(String index, String collection) {
    Optional<CollectionSpec> cached = cache.get(id(index, collection));
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return stored(index, collection).map(found -> {
      Optional<CollectionSpec> spec = found.flatMap(document -> curate(index, collection, document));
      cache.put(id(index, collection), spec);
      return spec;
    });
  }

  private static Optional<CollectionSpec> curate(String index, String collection, JsonObject document) {
    SpecificationParser.Parsed parsed = SpecificationParser.parse(index, collection, document.getValue("validation"));
    if (!parsed.valid()) {
      LOG.error("Stored specifications of {}:{} ignored: {}", index, collection, parsed.errors());
      return Optional.empty();
    }
    return Optional.of(parsed.spec());
  }

  private Future<Optional<JsonObject>> stored(String index, String collection) {
    return ensureCollection().compose(done -> engine.get(internalIndex, COLLECTION, id(index, collection)))
      .map(document -> Optional.of(document.source()))
      .recover(failure -> isNotFound(failure) ? Future.succeededFuture(Optional.empty())
        : Future.failedFuture(failure));
  }

  private Future<Void> ensureCollection() {
    if (ready) {
      return Future.succeededFuture();
    }
    return engine.collectionExists(internalIndex, COLLECTION)
      .compose(exists -> exists ? Future.<Void>succeededFuture()
        : engine.createCollection(internalIndex, COLLECTION, mapping(), null))
      .onSuccess(done -> ready = true);
  }

  private static boolean isNotFound(Throwable failure) {
    return failure instanceof KuzzleError error && error.id().equals("services.storage.not_found");
  }

  private static String id(String index, String collection) {
    return index + "#" + collection;
  }
}
