package io.kvx.document.storage.embedded;

import io.kvx.document.storage.embedded.Fields.Field;
import io.kvx.document.storage.embedded.Fields.Kind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code highlight} of a search body: for each hit, the values of the requested text and keyword fields
 * ({@code fields}, names or {@code *} patterns) with the words the query matched wrapped in {@code pre_tags} and
 * {@code post_tags} ({@code <em>} and {@code </em>} by default), as {@code highlight: {field: [...]}}; a hit whose
 * requested fields hold no match has no {@code highlight}.
 */
// Limitation: each highlighted value is answered whole, as Elasticsearch does with number_of_fragments 0; fragments
// of fragment_size characters, highlight_query and the fvh and plain highlighter types are not served.
final class Highlights {

  private final List<Field> fields;
  private final String pre;
  private final String post;
  /** Per field, the terms the query looks for and the automata of its multi-term queries (prefix, fuzzy...). */
  private final Map<String, Set<BytesRef>> terms = new HashMap<>();
  private final Map<String, List<ByteRunAutomaton>> automata = new HashMap<>();

  private Highlights(List<Field> fields, String pre, String post, Query query) {
    this.fields = fields;
    this.pre = pre;
    this.post = post;
    query.visit(new QueryVisitor() {
      @Override
      public void consumeTerms(Query owner, Term... found) {
        for (Term term : found) {
          terms.computeIfAbsent(term.field(), f -> new HashSet<>()).add(term.bytes());
        }
      }

      @Override
      public void consumeTermsMatching(Query owner, String field, Supplier<ByteRunAutomaton> automaton) {
        automata.computeIfAbsent(field, f -> new ArrayList<>()).add(automaton.get());
      }

      @Override
      public QueryVisitor getSubVisitor(Occur occur, Query parent) {
        return occur == Occur.MUST_NOT ? EMPTY_VISITOR : this;
      }
    });
  }

  /** The highlight of {@code body} for the hits of {@code query}, or {@code null} when it asks for none. */
  static Highlights of(JsonObject body, Fields fields, Query query) {
    Object spec = body.getValue("highlight");
    if (spec == null) {
      return null;
    }
    if (!(spec instanceof JsonObject highlight)) {
      throw Indexer.badRequest("[highlight] must be an object");
    }
    List<Field> requested = new ArrayList<>();
    for (Object item : Values.items(highlight.getValue("fields"))) {
      if (!(item instanceof JsonObject names)) {
        throw Indexer.badRequest("[highlight] [fields] must be an object or an array of objects");
      }
      for (String name : names.fieldNames()) {
        requested.addAll(fields.matching(name));
      }
    }
    return new Highlights(requested, tag(highlight, "pre_tags", "<em>"), tag(highlight, "post_tags", "</em>"), query);
  }

  private static String tag(JsonObject highlight, String name, String fallback) {
    Object tags = highlight.getValue(name);
    if (tags instanceof JsonArray array && !array.isEmpty()) {
      return String.valueOf(array.getValue(0));
    }
    return tags == null ? fallback : String.valueOf(tags);
  }

  /** {@code {field: [highlighted values]}} for a hit's {@code _source}, or {@code null} without any match. */
  JsonObject of(JsonObject source) {
    JsonObject highlight = new JsonObject();
    for (Field field : fields) {
      JsonArray values = new JsonArray();
      List<Object> found = new ArrayList<>();
      collect(source, field.path().split("\\."), 0, found);
      if (found.isEmpty() && field.path().contains(".")) {
        // A multi-field (name.raw) has no value of its own: it indexes its parent's.
        collect(source, field.path().substring(0, field.path().lastIndexOf('.')).split("\\."), 0, found);
      }
      for (Object value : found) {
        String marked = value instanceof String text ? mark(field, text) : null;
        if (marked != null) {
          values.add(marked);
        }
      }
      if (!values.isEmpty()) {
        highlight.put(field.path(), values);
      }
    }
    return highlight.isEmpty() ? null : highlight;
  }

  /** The values at {@code keys} in {@code value}, through objects and the items of arrays. */
  private static void collect(Object value, String[] keys, int depth, List<Object> found) {
    if (value instanceof JsonArray array) {
      array.forEach(item -> collect(item, keys, depth, found));
    } else if (depth == keys.length) {
      found.add(value);
    } else if (value instanceof JsonObject object && object.getValue(keys[depth]) != null) {
      collect(object.getValue(keys[depth]), keys, depth + 1, found);
    }
  }

  private String mark(Field field, String text) {
    if (field.kind() == Kind.KEYWORD) {
      return matches(field.path(), new BytesRef(text)) ? pre + text + post : null;
    }
    StringBuilder marked = new StringBuilder();
    int copied = 0;
    try (TokenStream tokens = TextQueries.ANALYZER.tokenStream(field.path(), text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      OffsetAttribute offsets = tokens.addAttribute(OffsetAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) {
        if (matches(field.path(), new BytesRef(term))) {
          marked.append(text, copied, offsets.startOffset()).append(pre)
            .append(text, offsets.startOffset(), offsets.endOffset()).append(post);
          copied = offsets.endOffset();
        }
      }
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copied == 0 ? null : marked.append(text.substring(copied)).toString();
  }

  private boolean matches(String field, BytesRef token) {
    if (terms.getOrDefault(field, Set.of()).contains(token)) {
      return true;
    }
    for (ByteRunAutomaton automaton : automata.getOrDefault(field, List.of())) {
      if (automaton.run(token.bytes, token.offset, token.length)) {
        return true;
      }
    }
    return false;
  }
}
