package io.kvx.document.storage.embedded;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.CollectionMapping;
import io.kvx.document.storage.QueryWrites;
import io.kvx.document.storage.SearchResult;
import io.kvx.document.storage.StorageEngine;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteMode;
import io.kvx.document.storage.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded engine: indexes and collections on disk, each collection's documents in a Lucene index
 * ({@link LuceneCollection}), made durable by a write-ahead log fsynced once per group of writes ({@link WriteLog})
 * and searchable by a refresh every second. Lucene indexes are committed in the background, at checkpoints every
 * few seconds or megabytes of log, after which the older log files are deleted; opening the engine replays the log
 * past each index's last commit. Metadata changes run one at a time on a worker thread of their own
 * (never on an event loop) and are written durably: a temporary file, fsync, then an atomic rename, so that a crash
 * leaves either the old or the new file. The metadata is also kept in memory, read at start.
 */
public final class EmbeddedEngine implements StorageEngine {

  private static final String INDEXES = "indexes";
  private static final String LOG_DIR = "log";
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEngine.class);

  /** How often writes become searchable without {@code refresh=wait_for}, as Elasticsearch's default. */
  static final long REFRESH_INTERVAL_MS = 1000;
  /** How often Lucene indexes are committed and the log truncated, if anything was written. */
  static final long CHECKPOINT_INTERVAL_MS = 5000;
  /** Log bytes that bring a checkpoint forward. */
  static final long CHECKPOINT_BYTES = 64L << 20;
  /** Most queued writes that one task of the storage thread applies before their log records are synced. */
  static final int BATCH = 512;
  /** Threads that serve gets of open collections, beside the storage thread. */
  static final int READERS = 2;

  private final Vertx vertx;
  private final WorkerExecutor worker;
  private final WorkerExecutor committer;
  private final WorkerExecutor syncer;
  private final WorkerExecutor readers;
  private final WriteLog log;
  /** Writes waiting for the storage thread, in arrival order. */
  private final Queue<QueuedWrite<?>> queue = new ConcurrentLinkedQueue<>();
  /** Whether a task that drains {@link #queue} is queued or running on the storage thread. */
  private final AtomicBoolean draining = new AtomicBoolean();
  /** Whether a checkpoint is under way; storage thread only. */
  private boolean checkpointing;
  private long checkpointTimer = -1;
  /** "index/collection" → its open Lucene index; changed on the storage thread only, read by gets elsewhere. */
  private final Map<String, LuceneCollection> opened = new ConcurrentHashMap<>();
  /** Open scrolls; thread-safe, paged on the reader threads, swept and dropped on the storage thread. */
  private final Scrolls scrolls = new Scrolls();
  private long refreshTimer = -1;
  /** The indexes and collections on disk; touched only on the storage thread. */
  private final Catalog catalog;

  private EmbeddedEngine(Vertx vertx, Path dataDir, String name) {
    this.vertx = vertx;
    this.catalog = new Catalog(dataDir.resolve(INDEXES));
    this.worker = vertx.createSharedWorkerExecutor("kvx-storage-" + name, 1);
    this.committer = vertx.createSharedWorkerExecutor("kvx-storage-commit-" + name, 1);
    this.syncer = vertx.createSharedWorkerExecutor("kvx-storage-log-" + name, 1);
    this.readers = vertx.createSharedWorkerExecutor("kvx-storage-read-" + name, READERS);
    this.log = new WriteLog(dataDir.resolve(LOG_DIR), syncer);
  }

  /**
   * Opens (creating it if needed) the data directory {@code dataDir}, reads its metadata and replays the log
   * records that the Lucene indexes may miss.
   */
  public static Future<EmbeddedEngine> open(Vertx vertx, Path dataDir) {
    EmbeddedEngine engine = new EmbeddedEngine(vertx, dataDir, dataDir.toAbsolutePath().toString());
    return engine.blocking(() -> {
      engine.catalog.load();
      engine.replay();
      return engine.checkpointNow();
    }).compose(engine::committed).map(engine).onSuccess(opened -> {
      opened.refreshTimer = vertx.setPeriodic(REFRESH_INTERVAL_MS, id -> opened.refreshAll());
      opened.checkpointTimer = vertx.setPeriodic(CHECKPOINT_INTERVAL_MS, id -> opened.checkpoint());
    });
  }

  /** Applies the log to the indexes of collections that still exist; storage thread, before any write. */
  private void replay() throws IOException {
    long[] replayed = {0};
    log.replay(entry -> {
      if (!catalog.hasCollection(entry.index(), entry.collection())) {
        return;
      }
      try {
        documents(entry.index(), entry.collection(), 0).replay(entry);
        replayed[0]++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    for (Map.Entry<String, LuceneCollection> open : opened.entrySet()) {
      LuceneCollection documents = open.getValue();
      documents.refresh();
      saveGrownMapping(documents.index(), documents.collection(), documents);
    }
    if (replayed[0] > 0) {
      LOG.info("Replayed {} log records into {} collections", replayed[0], opened.size());
    }
  }

  /** Starts a checkpoint in the background unless one runs already or nothing was written since the last. */
  // Note: a checkpoint's commit may take in writes whose log records are not yet on disk; after a crash such a
  // write can survive although it was never acknowledged, as in Elasticsearch. Acknowledged writes never go missing.
  private void checkpoint() {
    blocking(() -> {
      if (checkpointing || log.bytesSinceRotation() == 0) {
        return null;
      }
      return checkpointNow();
    }).compose(this::committed)
      .onFailure(failure -> LOG.warn("Checkpoint failed: {}", failure.getMessage()));
  }

  /** Starts a new log file and marks each open index's next commit as covering the older ones; storage thread. */
  private Checkpoint checkpointNow() {
    checkpointing = true;
    long sequence = log.rotate();
    opened.values().forEach(documents -> documents.checkpoint(sequence));
    return new Checkpoint(sequence, List.copyOf(opened.values()));
  }

  /** Commits the indexes of a checkpoint on the commit thread, then deletes the log files they made useless. */
  private Future<Void> committed(Checkpoint checkpoint) {
    if (checkpoint == null) {
      return Future.succeededFuture();
    }
    return committer.executeBlocking(() -> {
      log.mark(checkpoint.sequence());
      for (LuceneCollection documents : checkpoint.collections()) {
        try {
          documents.commit();
        } catch (AlreadyClosedException deleted) {
          // Deleted meanwhile: its records no longer matter, its CLEAR record covers a re-creation.
          LOG.debug("Checkpoint skips closed {}:{}", documents.index(), documents.collection());
        }
      }
      log.dropBefore(checkpoint.sequence());
      return null;
    }, false).<Void>mapEmpty().eventually(() -> blocking(() -> {
      checkpointing = false;
      return null;
    }));
  }

  private record Checkpoint(long sequence, List<LuceneCollection> collections) {
  }

  /**
   * Runs a task on the storage thread. The worker has one thread, so tasks run one at a time in the order they were
   * submitted, whatever context submitted them. They are deliberately not Vert.x's ordered tasks: those queue per
   * calling context, and a context's queue keeps the thread until it is empty, so that a stream of writes from the
   * document verticle's context held back the periodic refreshes and checkpoints for seconds (the live map and the
   * log then grew with every write: the cause of the 1 GB heap running out while loading a million documents).
   */
  private <T> Future<T> blocking(Callable<T> work) {
    return worker.executeBlocking(work, false);
  }

  @Override
  public Future<Void> createIndex(String index) {
    return blocking(() -> {
      if (catalog.hasIndex(index)) {
        throw KuzzleError.of("services.storage.index_already_exists", "public", index);
      }
      catalog.createIndex(index);
      return null;
    });
  }

  @Override
  public Future<Void> deleteIndex(String index) {
    return blocking(() -> {
      for (String collection : catalog.collections(index)) {
        closeCollection(index, collection);
      }
      catalog.deleteIndex(index);
      return log.next();
    }).compose(log::durable);
  }

  @Override
  public Future<Boolean> indexExists(String index) {
    return blocking(() -> catalog.hasIndex(index));
  }

  @Override
  public Future<List<String>> listIndexes() {
    return blocking(catalog::indexes);
  }

  @Override
  public Future<Void> createCollection(String index, String collection, JsonObject mapping, JsonObject settings) {
    CollectionMapping requested = mapping == null ? null : CollectionMapping.parse(mapping);
    return blocking(() -> {
      if (!catalog.hasIndex(index)) {
        catalog.createIndex(index);
      }
      saveCollection(index, collection, requested, mapping, settings);
      return null;
    });
  }

  @Override
  public Future<Void> updateCollection(String index, String collection, JsonObject mapping, JsonObject settings) {
    CollectionMapping requested = mapping == null ? null : CollectionMapping.parse(mapping);
    return blocking(() -> {
      catalog.requireCollection(index, collection);
      saveCollection(index, collection, requested, mapping, settings);
      return null;
    });
  }

  private void saveCollection(String index, String collection, CollectionMapping requested, JsonObject mapping,
      JsonObject settings) throws IOException {
    CollectionMapping next = catalog.saveCollection(index, collection, requested, mapping, settings);
    LuceneCollection documents = opened.get(index + '/' + collection);
    if (documents != null) {
      documents.mapping(next);
    }
  }

  /** Saves the mapping that {@code dynamic: true} grew while indexing a write, before the write is acknowledged. */
  private void saveGrownMapping(String index, String collection, LuceneCollection documents) throws IOException {
    CollectionMapping grown = documents.takeGrownMapping();
    if (grown != null) {
      catalog.saveGrownMapping(index, collection, grown);
    }
  }

  @Override
  public Future<Boolean> collectionExists(String index, String collection) {
    return blocking(() -> catalog.hasCollection(index, collection));
  }

  @Override
  public Future<List<String>> listCollections(String index) {
    return blocking(() -> catalog.collections(index));
  }

  @Override
  public Future<Void> deleteCollection(String index, String collection) {
    return blocking(() -> {
      catalog.requireCollection(index, collection);
      closeCollection(index, collection);
      catalog.deleteCollection(index, collection);
      return log.next();
    }).compose(log::durable);
  }

  @Override
  public Future<CollectionMapping> getMapping(String index, String collection) {
    return blocking(() -> catalog.mapping(index, collection));
  }

  @Override
  public Future<JsonObject> getSettings(String index, String collection) {
    return blocking(() -> catalog.settings(index, collection));
  }

  @Override
  public Future<Void> truncate(String index, String collection) {
    return blocking(() -> {
      documents(index, collection).truncate();
      return log.next();
    }).compose(log::durable);
  }

  @Override
  public Future<Void> refresh(String index, String collection) {
    return blocking(() -> {
      documents(index, collection).refresh();
      return null;
    });
  }

  @Override
  public Future<WriteResult> write(String index, String collection, String id, JsonObject source, WriteMode mode,
      boolean waitForRefresh) {
    String documentId = id == null ? Ids.generate() : id;
    return written(index, collection, documents -> documents.write(documentId, source, mode, id == null),
      waitForRefresh);
  }

  @Override
  public Future<WriteResult> update(String index, String collection, String id, JsonObject changes,
      boolean waitForRefresh) {
    return written(index, collection, documents -> documents.update(id, changes), waitForRefresh);
  }

  @Override
  public Future<WriteResult> delete(String index, String collection, String id, boolean waitForRefresh) {
    return written(index, collection, documents -> documents.delete(id), waitForRefresh);
  }

  @Override
  public Future<WriteResult> deleteFields(String index, String collection, String id, List<String> paths,
      JsonObject changes, boolean waitForRefresh) {
    return written(index, collection, documents -> documents.deleteFields(id, paths, changes), waitForRefresh);
  }

  @Override
  public Future<QueryWrites> deleteByQuery(String index, String collection, JsonObject body, long limit,
      boolean waitForRefresh) {
    long now = System.currentTimeMillis();
    return written(index, collection, documents -> documents.deleteByQuery(body, limit, now), waitForRefresh);
  }

  @Override
  public Future<QueryWrites> updateByQuery(String index, String collection, JsonObject body, JsonObject changes,
      long limit, boolean waitForRefresh) {
    long now = System.currentTimeMillis();
    return written(index, collection, documents -> documents.updateByQuery(body, changes, limit, now),
      waitForRefresh);
  }

  /**
   * Queues a write for the storage thread, which takes the queued writes in batches ({@link #drain()}); completes,
   * on the caller's context, once its log records are on disk and, if asked, after a refresh.
   */
  private <T> Future<T> written(String index, String collection, Write<T> write, boolean waitForRefresh) {
    QueuedWrite<T> queuedWrite = new QueuedWrite<>(index, collection, write, Vertx.currentContext());
    queue.add(queuedWrite);
    if (draining.compareAndSet(false, true)) {
      blocking(this::drain);
    }
    Future<T> durable = queuedWrite.future();
    return waitForRefresh ? durable.compose(result -> refresh(index, collection).map(result)) : durable;
  }

  /**
   * One task of the storage thread: applies up to {@link #BATCH} queued writes, then has their promises completed
   * once the log is on disk past them, with one hop to each caller's context. Queues another task while writes wait,
   * behind the tasks queued meanwhile (refreshes, searches), so that a stream of writes does not starve them.
   */
  private Void drain() {
    List<QueuedWrite<?>> batch = new ArrayList<>();
    for (QueuedWrite<?> next = queue.poll(); next != null; next = batch.size() < BATCH ? queue.poll() : null) {
      batch.add(next);
    }
    try {
      for (QueuedWrite<?> queuedWrite : batch) {
        apply(queuedWrite);
      }
      if (log.bytesSinceRotation() > CHECKPOINT_BYTES && !checkpointing) {
        committed(checkpointNow());
      }
    } finally {
      try {
        log.whenDurable(log.next(), failure -> QueuedWrite.settle(batch, failure));
      } catch (RuntimeException e) {
        QueuedWrite.settle(batch, e);
      }
      draining.set(false);
      if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
        blocking(this::drain);
      }
    }
    return null;
  }

  /** Applies a queued write on the storage thread; a failure is kept for {@link QueuedWrite#settle}. */
  private <T> void apply(QueuedWrite<T> queuedWrite) {
    try {
      LuceneCollection documents = documents(queuedWrite.index(), queuedWrite.collection());
      queuedWrite.applied(queuedWrite.write().apply(documents));
      saveGrownMapping(queuedWrite.index(), queuedWrite.collection(), documents);
    } catch (Throwable e) {
      queuedWrite.failed(e);
    }
  }

  @Override
  public Future<StoredDocument> get(String index, String collection, String id) {
    return read(index, collection, documents -> {
      StoredDocument document = documents.get(id);
      if (document == null) {
        throw KuzzleError.of("services.storage.not_found", id, index, collection);
      }
      return document;
    });
  }

  @Override
  public Future<Boolean> exists(String index, String collection, String id) {
    return read(index, collection, documents -> documents.get(id) != null);
  }

  /**
   * A read (by id, or a search): on a reader thread if the collection is open, so that reads do not queue behind
   * writes; on the storage thread otherwise (it checks that the collection exists and opens it), or if it closed
   * meanwhile.
   */
  private <T> Future<T> read(String index, String collection, Write<T> read) {
    LuceneCollection open = opened.get(index + '/' + collection);
    if (open == null) {
      return blocking(() -> read.apply(documents(index, collection)));
    }
    return readers.<T>executeBlocking(() -> read.apply(open), false).recover(failure ->
      failure instanceof AlreadyClosedException ? blocking(() -> read.apply(documents(index, collection)))
        : Future.failedFuture(failure));
  }

  /** A search: on a reader thread if the collection is open, as {@link #read} does, so that it never delays writes. */
  @Override
  public Future<SearchResult> search(String index, String collection, JsonObject body, long scrollMillis) {
    return read(index, collection, documents -> {
      Cursor cursor = documents.search(body);
      boolean kept = false;
      try {
        List<SearchResult.Hit> hits = cursor.first();
        if (scrollMillis > 0) {
          String scrollId = scrolls.add(cursor, scrollMillis, System.currentTimeMillis());
          kept = true;
          return cursor.result(hits, scrollId);
        }
        return cursor.result(hits, null);
      } finally {
        if (!kept) {
          cursor.release();
        }
      }
    });
  }

  @Override
  public Future<Long> count(String index, String collection, JsonObject body) {
    return read(index, collection, documents -> documents.count(body));
  }

  /** The next page of a scroll, on a reader thread: a scroll reads the snapshot it holds. */
  @Override
  public Future<SearchResult> scroll(String scrollId, long scrollMillis) {
    return readers.executeBlocking(() -> scrolls.next(scrollId, scrollMillis, System.currentTimeMillis()), false);
  }

  /** How many scrolls are open: each holds a snapshot of its collection until it is closed or expires. */
  public Future<Integer> openScrolls() {
    return blocking(scrolls::size);
  }

  /** The open Lucene index of a collection that must exist; opened on first use. Storage thread only. */
  private LuceneCollection documents(String index, String collection) throws IOException {
    return documents(index, collection, log.next());
  }

  /** As {@link #documents(String, String)}; a new index is taken as covering the log records below {@code covered}. */
  private LuceneCollection documents(String index, String collection, long covered) throws IOException {
    catalog.requireCollection(index, collection);
    String key = index + '/' + collection;
    LuceneCollection documents = opened.get(key);
    if (documents == null) {
      documents = LuceneCollection.open(catalog.luceneDir(index, collection), index, collection,
        catalog.mapping(index, collection), log, covered);
      opened.put(key, documents);
      saveGrownMapping(index, collection, documents);
    }
    return documents;
  }

  /** A write on one collection's Lucene index, run on the storage thread; or a read by id. */
  @FunctionalInterface
  interface Write<T> {
    T apply(LuceneCollection documents) throws IOException;
  }

  /** Closes a collection being deleted; a CLEAR record keeps a later one of the same name from its log records. */
  private void closeCollection(String index, String collection) throws IOException {
    log.append(WriteLog.CLEAR, index, collection, null, 0, null);
    LuceneCollection documents = opened.remove(index + '/' + collection);
    if (documents != null) {
      scrolls.drop(documents);
      documents.close();
    }
  }

  private void refreshAll() {
    blocking(() -> {
      for (LuceneCollection documents : opened.values()) {
        documents.refresh();
      }
      scrolls.sweep(System.currentTimeMillis());
      return null;
    }).onFailure(failure -> LOG.warn("Periodic refresh failed: {}", failure.getMessage()));
  }

  @Override
  public Future<JsonObject> stats() {
    return blocking(() -> {
      long total = 0;
      JsonArray indexes = new JsonArray();
      for (String index : catalog.indexes()) {
        JsonArray collections = new JsonArray();
        long indexSize = 0;
        for (String collection : catalog.collections(index)) {
          long size = catalog.size(index, collection);
          indexSize += size;
          LuceneCollection documents = opened.get(index + '/' + collection);
          collections.add(new JsonObject().put("name", collection)
            .put("documentCount", documents == null ? 0 : documents.documentCount()).put("size", size));
        }
        total += indexSize;
        indexes.add(new JsonObject().put("name", index).put("size", indexSize).put("collections", collections));
      }
      return new JsonObject().put("size", total).put("indexes", indexes);
    });
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(refreshTimer);
    vertx.cancelTimer(checkpointTimer);
    return blocking(() -> {
      scrolls.clear();
      long sequence = log.rotate();
      log.mark(sequence);
      List<LuceneCollection> closing = List.copyOf(opened.values());
      closing.forEach(documents -> documents.checkpoint(sequence));
      opened.clear();
      return new Checkpoint(sequence, closing);
    }).compose(last -> committer.executeBlocking(() -> {
      // On the commit thread, after any checkpoint still committing: Lucene refuses to close an index mid-commit.
      for (LuceneCollection documents : last.collections()) {
        documents.close();
      }
      return last.sequence();
    }, false)).compose(sequence -> log.close().compose(v -> committer.executeBlocking(() -> {
      log.dropBefore(sequence);
      return null;
    }, false))).<Void>mapEmpty().eventually(committer::close).eventually(syncer::close).eventually(readers::close)
      .eventually(worker::close);
  }
}
