package io.kvx.document.storage.embedded;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteMode;
import io.kvx.document.storage.WriteResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The documents of one collection: a Lucene index with each document's {@code _id}, {@code _version} and
 * {@code _source}. Writes and reads run on the engine's storage thread; only {@link #commit()} runs on the commit
 * thread (Lucene allows a commit while another thread writes).
 *
 * <p>Like Elasticsearch, reads by id see the latest write even before a refresh: writes since the last refresh are
 * kept in a live map, consulted first and emptied by {@link #refresh()}.
 */
final class LuceneCollection implements Closeable {

  private static final String ID = "_id";
  private static final String VERSION = "_version";
  private static final String SOURCE = "_source";

  private final String index;
  private final String collection;
  private final FSDirectory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  /** Writes not yet visible to searchers: id → document, or a deletion. */
  private final Map<String, Live> live = new HashMap<>();
  private long sequence;

  private LuceneCollection(String index, String collection, FSDirectory directory, IndexWriter writer,
      SearcherManager searchers) {
    this.index = index;
    this.collection = collection;
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
  }

  static LuceneCollection open(Path dir, String index, String collection) throws IOException {
    FSDirectory directory = FSDirectory.open(dir);
    IndexWriterConfig config = new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
      .setCommitOnClose(true);
    IndexWriter writer = new IndexWriter(directory, config);
    return new LuceneCollection(index, collection, directory, writer, new SearcherManager(writer, null));
  }

  StoredDocument get(String id) throws IOException {
    Live recent = live.get(id);
    if (recent != null) {
      return recent.document;
    }
    IndexSearcher searcher = searchers.acquire();
    try {
      TopDocs hits = searcher.search(new TermQuery(new Term(ID, id)), 1);
      if (hits.scoreDocs.length == 0) {
        return null;
      }
      Document stored = searcher.storedFields().document(hits.scoreDocs[0].doc);
      BytesRef source = stored.getBinaryValue(SOURCE);
      return new StoredDocument(id, stored.getField(VERSION).numericValue().longValue(),
        new JsonObject(Buffer.buffer(BytesRef.deepCopyOf(source).bytes)));
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
    writer.deleteDocuments(new Term(ID, id));
    live.put(id, new Live(++sequence, null));
    return new WriteResult(before, null);
  }

  private WriteResult put(StoredDocument before, StoredDocument after) throws IOException {
    Document document = new Document();
    document.add(new StringField(ID, after.id(), Field.Store.YES));
    document.add(new StoredField(VERSION, after.version()));
    document.add(new StoredField(SOURCE, after.source().toBuffer().getBytes()));
    writer.updateDocument(new Term(ID, after.id()), document);
    live.put(after.id(), new Live(++sequence, after));
    return new WriteResult(before, after);
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
