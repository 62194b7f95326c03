package io.kvx.document.storage.embedded;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.CollectionMapping;
import io.kvx.document.storage.FieldPaths;
import io.kvx.document.storage.QueryWrites;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteMode;
import io.kvx.document.storage.WriteResult;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
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

/**
 * The documents of one collection: a Lucene index with each document's {@code _id}, {@code _version} and
 * {@code _source}, and its fields indexed by the collection's mapping ({@link Indexer}). Writes, reads and searches
 * run on the engine's storage thread; only {@link #commit()} runs on the commit thread (Lucene allows a commit
 * while another thread writes).
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

  private final String index;
  private final String collection;
  private final FSDirectory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Indexer indexer;
  /** Writes not yet visible to searchers: id → document, or a deletion. */
  private final Map<String, Live> live = new HashMap<>();
  private Fields fields;
  private CollectionMapping grown;
  private long sequence;

  private LuceneCollection(String index, String collection, FSDirectory directory, IndexWriter writer,
      CollectionMapping mapping) throws IOException {
    this.index = index;
    this.collection = collection;
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.indexer = new Indexer(index, collection);
    this.fields = new Fields(mapping);
  }

  static LuceneCollection open(Path dir, String index, String collection, CollectionMapping mapping)
      throws IOException {
    FSDirectory directory = FSDirectory.open(dir);
    IndexWriterConfig config = new IndexWriterConfig(TextQueries.ANALYZER)
      .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND).setCommitOnClose(true);
    IndexWriter writer = new IndexWriter(directory, config);
    LuceneCollection documents = new LuceneCollection(index, collection, directory, writer, mapping);
    documents.upgrade();
    return documents;
  }

  private void upgrade() throws IOException {
    Map<String, String> data = new HashMap<>();
    writer.getLiveCommitData().forEach(entry -> data.put(entry.getKey(), entry.getValue()));
    if (FORMAT.equals(data.get(FORMAT_KEY))) {
      return;
    }
    if (writer.getDocStats().numDocs > 0) {
      LOG.info("Reindexing {}:{} to index its fields", index, collection);
      reindex();
    }
    data.put(FORMAT_KEY, FORMAT);
    writer.setLiveCommitData(data.entrySet());
    writer.commit();
    searchers.maybeRefreshBlocking();
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
            writer.updateDocument(new Term(Indexer.ID, document.id()), reindexed(document));
          }
        }
      }
    }
  }

  private Document reindexed(StoredDocument document) {
    try {
      return indexed(document);
    } catch (KuzzleError e) {
      LOG.warn("Document {} of {}:{} kept unsearchable: {}", document.id(), index, collection, e.getMessage());
      return Indexer.stored(document);
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

  StoredDocument get(String id) throws IOException {
    Live recent = live.get(id);
    if (recent != null) {
      return recent.document;
    }
    IndexSearcher searcher = searchers.acquire();
    try {
      TopDocs hits = searcher.search(new TermQuery(new Term(Indexer.ID, id)), 1);
      if (hits.scoreDocs.length == 0) {
        return null;
      }
      return Indexer.read(searcher.storedFields().document(hits.scoreDocs[0].doc));
    } finally {
      searchers.release(searcher);
    }
  }

  WriteResult write(String id, JsonObject source, WriteMode mode) throws IOException {
    StoredDocument before = get(id);
    if (before != null && mode == WriteMode.CREATE) {
      throw KuzzleError.of("services.storage.document_already_exists");
    }
    if (before == null && mode == WriteMode.REPLACE) {
      throw notFound(id);
    }
    return put(before, new StoredDocument(id, before == null ? 1 : before.version() + 1, source));
  }

  WriteResult update(String id, JsonObject changes) throws IOException {
    StoredDocument before = get(id);
    if (before == null) {
      throw notFound(id);
    }
    JsonObject merged = before.source().copy();
    deepMerge(merged, changes);
    return put(before, new StoredDocument(id, before.version() + 1, merged));
  }

  WriteResult delete(String id) throws IOException {
    StoredDocument before = get(id);
    if (before == null) {
      throw notFound(id);
    }
    writer.deleteDocuments(new Term(Indexer.ID, id));
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
    return put(before, new StoredDocument(id, before.version() + 1, source));
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

  private WriteResult put(StoredDocument before, StoredDocument after) throws IOException {
    writer.updateDocument(new Term(Indexer.ID, after.id()), indexed(after));
    live.put(after.id(), new Live(++sequence, after));
    return new WriteResult(before, after);
  }

  /** The Lucene document of a write; grows the mapping first when {@code dynamic: true} maps new fields. */
  private Document indexed(StoredDocument document) {
    Indexer.Indexed indexed = indexer.index(document, fields);
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
  void refresh() throws IOException {
    long upTo = sequence;
    searchers.maybeRefreshBlocking();
    live.values().removeIf(recent -> recent.sequence <= upTo);
  }

  /** Removes every document. */
  void truncate() throws IOException {
    writer.deleteAll();
    live.clear();
    searchers.maybeRefreshBlocking();
  }

  /** Makes every write so far durable. */
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
