package io.kvx.document.storage.embedded;

import io.kvx.document.storage.SearchResult;
import io.kvx.document.storage.SearchResult.Hit;
import io.kvx.document.storage.StoredDocument;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopScoreDocCollectorManager;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A search over one snapshot of a collection, read page after page: a plain search reads one page, a scroll
 * several, each resuming after the last hit of the previous one, so that a scroll sees the collection as it was
 * when it began. Holds a Lucene searcher until {@link #release()}. One thread at a time (a reader thread, or the
 * storage thread when the collection opens for it); a scroll's cursor is guarded by {@link Scrolls}.
 */
final class Cursor {

  private final LuceneCollection documents;
  private final IndexSearcher searcher;
  private final SearchPlan plan;
  private ScoreDoc last;
  /** The aggregations, until the first page is answered with them. */
  private JsonObject aggregations;
  private long total;
  private long fetched;
  private long expiresAt;
  private boolean released;

  Cursor(LuceneCollection documents, IndexSearcher searcher, SearchPlan plan) {
    this.documents = documents;
    this.searcher = searcher;
    this.plan = plan;
  }

  /** The first page: {@code size} hits after {@code from} others and after the {@code search_after} position. */
  List<Hit> first() throws IOException {
    if (plan.aggregations() != null) {
      aggregations = plan.aggregations().compute(searcher);
    }
    if (plan.size() == 0) {
      total = searcher.count(plan.query());
      return List.of();
    }
    TopDocs top = top(plan.from() + plan.size(), plan.after());
    total = top.totalHits.value;
    return hits(top.scoreDocs, plan.from());
  }

  /** The next page of a scroll, as many hits as the first; none once released. */
  List<Hit> next() throws IOException {
    if (released || last == null) {
      return List.of();
    }
    return hits(top(plan.size(), last).scoreDocs, 0);
  }

  private TopDocs top(int count, ScoreDoc after) throws IOException {
    if (plan.sorting() == null) {
      return searcher.search(plan.query(), new TopScoreDocCollectorManager(count, after, Integer.MAX_VALUE));
    }
    TopDocs top = searcher.search(plan.query(), new TopFieldCollectorManager(plan.sorting().sort(), count,
      (FieldDoc) after, Integer.MAX_VALUE));
    if (plan.sorting().needsScores()) {
      // Field sorts leave scores out; Elasticsearch gives them when the sort reads _score.
      TopFieldCollector.populateScores(top.scoreDocs, searcher, plan.query());
    }
    return top;
  }

  private List<Hit> hits(ScoreDoc[] docs, int skip) throws IOException {
    List<Hit> hits = new ArrayList<>();
    StoredFields stored = searcher.storedFields();
    for (int i = skip; i < docs.length; i++) {
      ScoreDoc doc = docs[i];
      StoredDocument document = Indexer.read(stored.document(doc.doc));
      hits.add(new Hit(documents.index(), documents.collection(), document.id(), Float.isNaN(doc.score) ? null
        : doc.score, plan.source() == null ? document.source() : plan.source().apply(document.source()),
        document.version(), plan.sorting() == null ? null : plan.sorting().values((FieldDoc) doc),
        plan.highlights() == null ? null : plan.highlights().of(document.source())));
      last = doc;
    }
    fetched += hits.size();
    return hits;
  }

  boolean exhausted() {
    return fetched >= total;
  }

  /** A page of hits; the first one carries the aggregations. */
  SearchResult result(List<Hit> hits, String scrollId) {
    JsonObject computed = aggregations;
    aggregations = null;
    return new SearchResult(hits, total, scrollId, scrollId == null ? null : Math.max(0, total - fetched),
      computed);
  }

  LuceneCollection documents() {
    return documents;
  }

  long expiresAt() {
    return expiresAt;
  }

  void keepUntil(long deadline) {
    expiresAt = deadline;
  }

  /** Gives the snapshot back; later pages are empty. */
  void release() {
    if (!released) {
      released = true;
      documents.release(searcher);
    }
  }
}
