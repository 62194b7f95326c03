package io.kvx.document.storage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Where the document verticle keeps indexes, collections and documents. Every method is asynchronous and must not
 * block the caller's event loop. Failures are catalogued {@link io.kvx.core.error.KuzzleError}s, as Kuzzle answers
 * them: {@code services.storage.unknown_index} (412), {@code services.storage.unknown_collection} (412),
 * {@code services.storage.index_already_exists} (412), mapping errors (400). The engine does not check names: the
 * controllers do, with {@link NameRules}, before calling it.
 *
 * <p>The interface does not assume that one process owns the data: an engine over a shared store must give the
 * same answers to every node.
 */
public interface StorageEngine {

  /** Creates an empty index; {@code services.storage.index_already_exists} if it exists. */
  Future<Void> createIndex(String index);

  /** Deletes an index with its collections and documents. */
  Future<Void> deleteIndex(String index);

  Future<Boolean> indexExists(String index);

  /** Index names, sorted. */
  Future<List<String>> listIndexes();

  /**
   * Creates a collection, and its index if missing, or updates it when it exists: the mapping is merged
   * ({@link CollectionMapping#merge}) and settings replaced when given.
   *
   * @param mapping the {@code mappings} of the request, or {@code null}
   * @param settings the {@code settings} of the request, or {@code null}
   */
  Future<Void> createCollection(String index, String collection, JsonObject mapping, JsonObject settings);

  /** Updates an existing collection's mapping and settings; {@code unknown_collection} if it does not exist. */
  Future<Void> updateCollection(String index, String collection, JsonObject mapping, JsonObject settings);

  Future<Boolean> collectionExists(String index, String collection);

  /** Collection names of an index, sorted; {@code unknown_index} if the index does not exist. */
  Future<List<String>> listCollections(String index);

  Future<Void> deleteCollection(String index, String collection);

  Future<CollectionMapping> getMapping(String index, String collection);

  Future<JsonObject> getSettings(String index, String collection);

  /** Removes every document of a collection, keeping its mapping and settings. */
  Future<Void> truncate(String index, String collection);

  /** Makes every acknowledged write of the collection searchable. */
  Future<Void> refresh(String index, String collection);

  /**
   * Writes a whole document. The future completes once the write is durable (it survives a crash of the process)
   * and, with {@code waitForRefresh}, searchable.
   *
   * @param id the document id, or {@code null} for a generated one
   * @param source the whole {@code _source}, metadata included
   */
  Future<WriteResult> write(String index, String collection, String id, JsonObject source, WriteMode mode,
      boolean waitForRefresh);

  /**
   * Deep-merges {@code changes} into an existing document ({@code services.storage.not_found} if there is none):
   * objects merge key by key, any other value (arrays included) replaces. Same durability as {@link #write}.
   */
  Future<WriteResult> update(String index, String collection, String id, JsonObject changes, boolean waitForRefresh);

  /** Deletes a document; {@code services.storage.not_found} if there is none. Same durability as {@link #write}. */
  Future<WriteResult> delete(String index, String collection, String id, boolean waitForRefresh);

  /**
   * Removes fields from an existing document ({@code services.storage.not_found} if there is none), then
   * deep-merges {@code changes} into it (the update metadata), as one write: Kuzzle's {@code deleteFields}, which an
   * Elasticsearch engine runs as a get then an index of the document. Same durability as {@link #write}.
   *
   * @param paths the fields to remove, as {@link FieldPaths} reads them; a path to nothing is ignored
   */
  Future<WriteResult> deleteFields(String index, String collection, String id, List<String> paths,
      JsonObject changes, boolean waitForRefresh);

  /**
   * Deletes every document the {@code query} of a search body matches, as Elasticsearch's delete by query: the
   * query sees at least every write refreshed before the call. Nothing is deleted, and the future fails with
   * {@code services.storage.write_limit_exceeded} (413), when more than {@code limit} documents match. Same
   * durability as {@link #write}, for all the deletions.
   *
   * @return the deleted documents as they were, in {@link QueryWrites#written()}
   */
  Future<QueryWrites> deleteByQuery(String index, String collection, JsonObject body, long limit,
      boolean waitForRefresh);

  /**
   * Deep-merges {@code changes} (as {@link #update} does) into every document the {@code query} of a search body
   * matches, as Elasticsearch's update by query: the same matching and limit as {@link #deleteByQuery}. A document
   * the changes cannot be written to (a mapping refuses them) is left as it was and listed in
   * {@link QueryWrites#failed()}; the others are written.
   */
  Future<QueryWrites> updateByQuery(String index, String collection, JsonObject body, JsonObject changes, long limit,
      boolean waitForRefresh);

  /** The latest version of a document, refreshed or not; {@code services.storage.not_found} if there is none. */
  Future<StoredDocument> get(String index, String collection, String id);

  /** Whether a document exists, refreshed or not. */
  Future<Boolean> exists(String index, String collection, String id);

  /**
   * Runs an Elasticsearch search body on one collection: {@code query} (absent or empty means {@code match_all}),
   * {@code sort}, {@code from}, {@code size}, {@code search_after}, {@code _source} and its include and exclude
   * variants, {@code highlight}, {@code aggregations} (or {@code aggs}), answered with the first page. The body has
   * passed {@link SearchBodies#check}; the caller has put the request's {@code from} and {@code size} in it.
   * Searches see the writes made searchable by a refresh, as Elasticsearch's do. A query the engine cannot read
   * fails with {@code services.storage.unknown_query_keyword} or {@code services.storage.unexpected_bad_request}
   * (400).
   *
   * @param scrollMillis how long the engine keeps the search open for {@link #scroll}, or 0 for a plain search
   */
  Future<SearchResult> search(String index, String collection, JsonObject body, long scrollMillis);

  /** How many documents of a collection the {@code query} of a search body matches. */
  Future<Long> count(String index, String collection, JsonObject body);

  /**
   * The next page of a search opened with a scroll duration, as many hits as its {@code size}; the search stays
   * open {@code scrollMillis} more. It is closed once its last page is served or its duration runs out; then its
   * id fails with {@code services.storage.unknown_scroll_id} (404).
   */
  Future<SearchResult> scroll(String scrollId, long scrollMillis);

  /** {@code {size, indexes: [{name, size, collections: [{name, documentCount, size}]}]}}, sizes in bytes. */
  Future<JsonObject> stats();

  /** Releases files and threads; the engine is unusable afterwards. */
  Future<Void> close();
}
