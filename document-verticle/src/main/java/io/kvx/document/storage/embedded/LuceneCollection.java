package io.kvx.document.storage.embedded;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.CollectionMapping;
import io.kvx.document.storage.FieldPaths;
import io.kvx.document.storage.QueryWrites;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteMode;
import io.kvx.document.storage.WriteResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The documents of one collection: a Lucene index with each document's {@code _id}, {@code _version} and
 * {@code _source}, and its fields indexed by the collection's mapping ({@link Indexer}). Writes and refreshes run
 * on the engine's storage thread; gets, searches and counts also on its reader threads (Lucene's searchers are
 * thread-safe); {@link #commit()} runs on the commit thread (Lucene allows a commit while another thread writes).
 *
 * <p>Each change is appended to the engine's {@link WriteLog}, which makes it durable. Lucene commits happen at
 * checkpoints only; the commit data records the log sequence a commit covers ({@link #checkpoint}), and opening
 * replays the log records from there ({@link #replay}).
 *
 * <p>Like Elasticsearch, reads by id see the latest write even before a refresh: writes since the last refresh are
 * kept in a live map, consulted first and emptied by {@link #refresh()}. Searches see refreshed writes only.
 *
 * <p>The commit data records the index format. Indexes written before fields were indexed (format 1) are
 * reindexed from their sources when opened.
 */
final class LuceneCollection implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(LuceneCollection.class);
  private static final String FORMAT_KEY = "kvx.format";
  /** 1: id, version and source only; 2: fields indexed by the mapping. */
  private static final String FORMAT = "2";
  /** Every log record below this sequence is in the commit. */
  private static final String LOG_KEY = "kvx.log";

  private final String index;
  private final String collection;
  private final FSDirectory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Indexer indexer;
  private final WriteLog log;
  /**
   * Writes not yet visible to searchers: id → document, or a deletion. Written on the storage thread, read by gets
   * on reader threads too; an entry leaves only after a refresh made its write visible, so a get that misses it
   * then finds the write in the searcher it acquires next.
   */
  private final Map<String, Live> live = new ConcurrentHashMap<>();
  /** Set on the storage thread, read by searches on the reader threads too. */
  private volatile Fields fields;
  private CollectionMapping grown;
  private long sequence;
  private long committed;

  private LuceneCollection(String index, String collection, FSDirectory directory, IndexWriter writer,
      CollectionMapping mapping, WriteLog log) throws IOException {
    this.log = log;
    this.index = index;
    this.collection = collection;
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.indexer = new Indexer(index, collection);
    this.fields = new Fields(mapping);
  }

  /**
   * Opens (creating it if needed) the index in {@code dir}. An index that records no log sequence (new, or written
   * before the log) is taken as covering every record below {@code covered}.
   */
  static LuceneCollection open(Path dir, String index, String collection, CollectionMapping mapping, WriteLog log,
      long covered) throws IOException {
    FSDirectory directory = FSDirectory.open(dir);
    IndexWriterConfig config = new IndexWriterConfig(TextQueries.ANALYZER)
      .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND).setCommitOnClose(true).setRAMBufferSizeMB(64);
    IndexWriter writer = new IndexWriter(directory, config);
    LuceneCollection documents = new LuceneCollection(index, collection, directory, writer, mapping, log);
    documents.upgrade(covered);
    return documents;
  }

  private void upgrade(long covered) throws IOException {
    Map<String, String> data = new HashMap<>();
    writer.getLiveCommitData().forEach(entry -> data.put(entry.getKey(), entry.getValue()));
    if (FORMAT.equals(data.get(FORMAT_KEY)) && data.containsKey(LOG_KEY)) {
      committed = Long.parseLong(data.get(LOG_KEY));
      return;
    }
    if (!FORMAT.equals(data.get(FORMAT_KEY)) && writer.getDocStats().numDocs > 0) {
      LOG.info("Reindexing {}:{} to index its fields", index, collection);
      reindex();
    }
    data.put(FORMAT_KEY, FORMAT);
    data.put(LOG_KEY, Long.toString(covered));
    committed = covered;
    writer.setLiveCommitData(data.entrySet());
    writer.commit();
    searchers.maybeRefreshBlocking();
  }

  /** Applies a log record that the last commit may not cover; records are full states, so replaying is idempotent. */
  void replay(WriteLog.Entry entry) throws IOException {
    if (entry.sequence() < committed) {
      return;
    }
    if (entry.op() == WriteLog.CLEAR) {
      writer.deleteAll();
    } else if (entry.op() == WriteLog.DELETE) {
      writer.deleteDocuments(new Term(Indexer.ID, entry.id()));
    } else {
      StoredDocument document = new StoredDocument(entry.id(), entry.version(),
        new JsonObject(Buffer.buffer(entry.source())));
      writer.updateDocument(new Term(Indexer.ID, document.id()), reindexed(document, entry.source()));
    }
  }

  private void reindex() throws IOException {
    try (DirectoryReader reader = DirectoryReader.open(writer)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        LeafReader segment = leaf.reader();
        Bits alive = segment.getLiveDocs();
        StoredFields stored = segment.storedFields();
        for (int doc = 0; doc < segment.maxDoc(); doc++) {
          if (alive == null || alive.get(doc)) {
            StoredDocument document = Indexer.read(stored.document(doc));
            writer.updateDocument(new Term(Indexer.ID, document.id()), reindexed(document,
              document.source().toBuffer().getBytes()));
          }
        }
      }
    }
  }

  /** The Lucene document of a replayed or reindexed write, {@code source} its source encoded. */
  private Document reindexed(StoredDocument document, byte[] source) {
    try {
      return indexed(document, source);
    } catch (KuzzleError e) {
      LOG.warn("Document {} of {}:{} kept unsearchable: {}", document.id(), index, collection, e.getMessage());
      return Indexer.stored(document, source);
    }
  }

  String index() {
    return index;
  }

  String collection() {
    return collection;
  }

  Fields fields() {
    return fields;
  }

  /** Indexes later writes by a changed mapping; documents already written keep their fields, as in Elasticsearch. */
  void mapping(CollectionMapping mapping) {
    fields = new Fields(mapping);
  }

  /** The mapping as {@code dynamic: true} grew it since the last call, or {@code null} if it did not grow. */
  CollectionMapping takeGrownMapping() {
    CollectionMapping taken = grown;
    grown = null;
    return taken;
  }

  /** The latest version of a document, refreshed or not; safe on any thread. */
  StoredDocument get(String id) throws IOException {
    Live recent = live.get(id);
    if (recent != null) {
      return recent.document;
    }
    IndexSearcher searcher = searchers.acquire();
    try {
      return lookup(searcher, new BytesRef(id));
    } finally {
      searchers.release(searcher);
    }
  }

  /** The live document of an id, by a term seek in each segment (cheaper than a search), newest segments first. */
  private static StoredDocument lookup(IndexSearcher searcher, BytesRef id) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    for (int i = leaves.size() - 1; i >= 0; i--) {
      LeafReader segment = leaves.get(i).reader();
      Terms terms = segment.terms(Indexer.ID);
      if (terms == null) {
        continue;
      }
      TermsEnum seek = terms.iterator();
      if (!seek.seekExact(id)) {
        continue;
      }
      PostingsEnum postings = seek.postings(null, PostingsEnum.NONE);
      Bits alive = segment.getLiveDocs();
      for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
        if (alive == null || alive.get(doc)) {
          return Indexer.read(segment.storedFields().document(doc));
        }
      }
    }
    return null;
  }

  WriteResult write(String id, JsonObject source, WriteMode mode) throws IOException {
    return write(id, source, mode, false);
  }

  /** A write; {@code fresh} for an id just generated, which no document can have yet: no lookup is needed. */
  WriteResult write(String id, JsonObject source, WriteMode mode, boolean fresh) throws IOException {
    StoredDocument before = fresh ? null : get(id);
    if (before != null && mode == WriteMode.CREATE) {
      throw KuzzleError.of("services.storage.document_already_exists");
    }
    if (before == null && mode == WriteMode.REPLACE) {
      throw notFound(id);
    }
    return put(before, new StoredDocument(id, before == null ? 1 : before.version() + 1, source), fresh);
  }

  WriteResult update(String id, JsonObject changes) throws IOException {
    StoredDocument before = get(id);
    if (before == null) {
      throw notFound(id);
    }
    JsonObject merged = before.source().copy();
    deepMerge(merged, changes);
    return put(before, new StoredDocument(id, before.version() + 1, merged), false);
  }

  WriteResult delete(String id) throws IOException {
    StoredDocument before = get(id);
    if (before == null) {
      throw notFound(id);
    }
    writer.deleteDocuments(new Term(Indexer.ID, id));
    log.append(WriteLog.DELETE, index, collection, id, before.version(), null);
    live.put(id, new Live(++sequence, null));
    return new WriteResult(before, null);
  }

  WriteResult deleteFields(String id, List<String> paths, JsonObject changes) throws IOException {
    StoredDocument before = get(id);
    if (before == null) {
      throw notFound(id);
    }
    JsonObject source = before.source().copy();
    paths.forEach(path -> FieldPaths.unset(source, path));
    deepMerge(source, changes);
    return put(before, new StoredDocument(id, before.version() + 1, source), false);
  }

  QueryWrites deleteByQuery(JsonObject body, long limit, long now) throws IOException {
    List<WriteResult> deleted = new ArrayList<>();
    for (String id : matchingIds(body, limit, now)) {
      deleted.add(delete(id));
    }
    return new QueryWrites(deleted, List.of());
  }

  QueryWrites updateByQuery(JsonObject body, JsonObject changes, long limit, long now) throws IOException {
    List<WriteResult> updated = new ArrayList<>();
    List<QueryWrites.Failure> failed = new ArrayList<>();
    for (String id : matchingIds(body, limit, now)) {
      try {
        updated.add(update(id, changes));
      } catch (KuzzleError e) {
        failed.add(new QueryWrites.Failure(id, e));
      }
    }
    return new QueryWrites(updated, failed);
  }

  /**
   * The ids of the documents a body's query matches, in index order, once every write so far is refreshed, so that
   * a write by query sees what a read by id would; {@code write_limit_exceeded} past {@code limit}.
   */
  // Limitation: the ids of every match are held in memory and the whole write runs as one task of the storage
  // thread, so an unlimited bulk write by query over a large collection delays the other requests of the engine
  // meanwhile; batches of a few thousand documents, each its own task over a kept snapshot, would interleave them.
  private List<String> matchingIds(JsonObject body, long limit, long now) throws IOException {
    Query query = SearchPlan.query(body, fields, now);
    refresh();
    IndexSearcher searcher = searchers.acquire();
    try {
      int count = searcher.count(query);
      if (count > limit) {
        throw KuzzleError.of("services.storage.write_limit_exceeded");
      }
      List<String> ids = new ArrayList<>(count);
      if (count == 0) {
        return ids;
      }
      StoredFields stored = searcher.storedFields();
      for (ScoreDoc hit : searcher.search(query, count, Sort.INDEXORDER).scoreDocs) {
        ids.add(stored.document(hit.doc, Set.of(Indexer.ID)).get(Indexer.ID));
      }
      return ids;
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * Indexes a document's new state and logs it, its source encoded to JSON once for both; a {@code fresh} document
   * (its id just generated) is added without the delete of older versions that an update costs.
   */
  private WriteResult put(StoredDocument before, StoredDocument after, boolean fresh) throws IOException {
    byte[] source = after.source().toBuffer().getBytes();
    Document document = indexed(after, source);
    if (fresh) {
      writer.addDocument(document);
    } else {
      writer.updateDocument(new Term(Indexer.ID, after.id()), document);
    }
    log.append(WriteLog.PUT, index, collection, after.id(), after.version(), source);
    live.put(after.id(), new Live(++sequence, after));
    return new WriteResult(before, after);
  }

  /**
   * The Lucene document of a write, {@code source} its source encoded; grows the mapping first when
   * {@code dynamic: true} maps new fields.
   */
  private Document indexed(StoredDocument document, byte[] source) {
    Indexer.Indexed indexed = indexer.index(document, fields, source);
    if (indexed.grown() != null) {
      fields = new Fields(indexed.grown());
      grown = indexed.grown();
    }
    return indexed.document();
  }

  private KuzzleError notFound(String id) {
    return KuzzleError.of("services.storage.not_found", id, index, collection);
  }

  private static void deepMerge(JsonObject target, JsonObject changes) {
    for (Map.Entry<String, Object> change : changes) {
      Object current = target.getValue(change.getKey());
      if (current instanceof JsonObject existing && change.getValue() instanceof JsonObject incoming) {
        deepMerge(existing, incoming);
      } else {
        target.put(change.getKey(), change.getValue() instanceof JsonObject o ? o.copy() : change.getValue());
      }
    }
  }

  /** A cursor over the refreshed documents for a search body; its caller releases it. */
  Cursor search(JsonObject body) throws IOException {
    SearchPlan plan = SearchPlan.of(body, fields, System.currentTimeMillis());
    return new Cursor(this, searchers.acquire(), plan);
  }

  long count(JsonObject body) throws IOException {
    Query query = SearchPlan.query(body, fields, System.currentTimeMillis());
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.count(query);
    } finally {
      searchers.release(searcher);
    }
  }

  /** Gives back a searcher taken by {@link #search}; harmless once the collection is closed. */
  void release(IndexSearcher searcher) {
    try {
      searchers.release(searcher);
    } catch (IOException | AlreadyClosedException e) {
      LOG.debug("Searcher of {}:{} released after close: {}", index, collection, e.getMessage());
    }
  }

  /** Makes every write so far searchable and forgets the live copies it covers. */
  // Limitation: while a checkpoint's commit flushes this index, a refresh waits for it (Lucene's full-flush lock),
  // and the storage thread with it, so writes pause for that flush; refreshing from another thread would avoid it.
  void refresh() throws IOException {
    long upTo = sequence;
    searchers.maybeRefreshBlocking();
    live.values().removeIf(recent -> recent.sequence <= upTo);
  }

  /** Removes every document. */
  void truncate() throws IOException {
    writer.deleteAll();
    log.append(WriteLog.CLEAR, index, collection, null, 0, null);
    live.clear();
    searchers.maybeRefreshBlocking();
  }

  /** Marks the next commit as covering every log record below {@code sequence}; storage thread. */
  void checkpoint(long sequence) {
    Map<String, String> data = new HashMap<>();
    writer.getLiveCommitData().forEach(entry -> data.put(entry.getKey(), entry.getValue()));
    data.put(LOG_KEY, Long.toString(sequence));
    writer.setLiveCommitData(data.entrySet());
  }

  /** Commits the Lucene index: what {@link #checkpoint} marked is then durable without the log. */
  void commit() throws IOException {
    writer.commit();
  }

  long documentCount() {
    return writer.getDocStats().numDocs;
  }

  @Override
  public void close() throws IOException {
    try {
      searchers.close();
      writer.close();
    } finally {
      directory.close();
    }
  }

  private record Live(long sequence, StoredDocument document) {
  }
}
