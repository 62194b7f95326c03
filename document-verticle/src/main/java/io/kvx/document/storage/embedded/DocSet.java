package io.kvx.document.storage.embedded;

import io.kvx.document.storage.embedded.Fields.Field;
import io.kvx.document.storage.embedded.Fields.Kind;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.NumericUtils;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of documents of one searcher, segment by segment in document order, as aggregations read them: the matches
 * of a query, then the documents of each bucket. Values come from the doc values {@link Indexer} writes.
 */
final class DocSet {

  private final List<Segment> segments = new ArrayList<>();
  private long count;

  /** The live documents {@code query} matches. */
  static DocSet matching(IndexSearcher searcher, Query query) throws IOException {
    DocSet set = new DocSet();
    Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      DocIdSetIterator docs = scorer.iterator();
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (live == null || live.get(doc)) {
          set.add(leaf, doc);
        }
      }
    }
    return set;
  }

  /** Adds a document after those of the set; the last document added again is counted once. */
  void add(LeafReaderContext leaf, int doc) {
    Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
    if (last == null || last.leaf != leaf) {
      last = new Segment(leaf);
      segments.add(last);
    } else if (last.docs[last.size - 1] == doc) {
      return;
    }
    if (last.size == last.docs.length) {
      last.docs = Arrays.copyOf(last.docs, last.size * 2);
    }
    last.docs[last.size++] = doc;
    count++;
  }

  long count() {
    return count;
  }

  /**
   * Visits every value of {@code field} in the documents of the set, in document order, values of one document in
   * a row: a {@code String} for keywords, a {@code Long} for integers, dates (epoch milliseconds) and booleans (1 or
   * 0), a {@code Double} for decimals. A document without any value is visited once with {@code null}.
   */
  void forEachValue(Field field, Visitor visitor) throws IOException {
    for (Segment segment : segments) {
      LeafReader reader = segment.leaf.reader();
      if (field.kind() == Kind.KEYWORD) {
        SortedSetDocValues values = DocValues.getSortedSet(reader, field.path());
        for (int i = 0; i < segment.size; i++) {
          int doc = segment.docs[i];
          boolean any = values.advanceExact(doc);
          for (int j = 0; any && j < values.docValueCount(); j++) {
            visitor.visit(segment.leaf, doc, values.lookupOrd(values.nextOrd()).utf8ToString());
          }
          if (!any) {
            visitor.visit(segment.leaf, doc, null);
          }
        }
      } else {
        SortedNumericDocValues values = DocValues.getSortedNumeric(reader, field.path());
        boolean decimal = field.kind() == Kind.DOUBLE;
        for (int i = 0; i < segment.size; i++) {
          int doc = segment.docs[i];
          boolean any = values.advanceExact(doc);
          for (int j = 0; any && j < values.docValueCount(); j++) {
            long value = values.nextValue();
            visitor.visit(segment.leaf, doc, decimal ? (Object) NumericUtils.sortableLongToDouble(value) : value);
          }
          if (!any) {
            visitor.visit(segment.leaf, doc, null);
          }
        }
      }
    }
  }

  /** Receives the values of {@link #forEachValue}. */
  @FunctionalInterface
  interface Visitor {
    void visit(LeafReaderContext leaf, int doc, Object value);
  }

  private static final class Segment {
    private final LeafReaderContext leaf;
    private int[] docs = new int[16];
    private int size;

    Segment(LeafReaderContext leaf) {
      this.leaf = leaf;
    }
  }
}
