package io.kvx.document.storage.embedded;

import io.kvx.document.storage.embedded.Fields.Field;
import io.kvx.document.storage.embedded.Fields.Kind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-text queries: {@code match}, {@code match_phrase} and {@code multi_match}. Text fields analyse the query
 * with the standard analyzer, as they analyse documents; other fields take the whole query as one value, as
 * Elasticsearch does.
 */
final class TextQueries {

  /** Elasticsearch's {@code standard} analyzer: Unicode word boundaries, lower case, no stop words. */
  static final Analyzer ANALYZER = new StandardAnalyzer();

  private final Fields fields;

  TextQueries(Fields fields) {
    this.fields = fields;
  }

  /** Options of a {@code match} query. */
  record MatchOptions(boolean and, Object fuzziness, Object minimumShouldMatch) {
    static final MatchOptions DEFAULT = new MatchOptions(false, null, null);

    static MatchOptions of(JsonObject spec) {
      return new MatchOptions("and".equalsIgnoreCase(spec.getString("operator", "or")), spec.getValue("fuzziness"),
        spec.getValue("minimum_should_match"));
    }
  }

  Query match(Field field, String text, MatchOptions options) {
    if (field.kind() != Kind.TEXT) {
      return options.fuzziness() != null && field.kind().isString() ? FieldQueries.fuzzy(field, text,
        options.fuzziness()) : FieldQueries.term(field, text, false);
    }
    List<Query> terms = new ArrayList<>();
    for (Token token : analyze(field.path(), text)) {
      Term term = new Term(field.path(), token.text);
      terms.add(options.fuzziness() == null ? new TermQuery(term)
        : new FuzzyQuery(term, FieldQueries.maxEdits(options.fuzziness(), token.text)));
    }
    if (terms.isEmpty()) {
      return new MatchNoDocsQuery();
    }
    if (terms.size() == 1) {
      return terms.get(0);
    }
    BooleanQuery.Builder bool = new BooleanQuery.Builder();
    terms.forEach(term -> bool.add(term, options.and() ? Occur.MUST : Occur.SHOULD));
    if (!options.and() && options.minimumShouldMatch() != null) {
      bool.setMinimumNumberShouldMatch(QueryTranslator.minimumShouldMatch(options.minimumShouldMatch(),
        terms.size()));
    }
    return bool.build();
  }

  Query phrase(Field field, String text, int slop) {
    if (field.kind() != Kind.TEXT) {
      return FieldQueries.term(field, text, false);
    }
    List<Token> tokens = analyze(field.path(), text);
    if (tokens.isEmpty()) {
      return new MatchNoDocsQuery();
    }
    if (tokens.size() == 1) {
      return new TermQuery(new Term(field.path(), tokens.get(0).text));
    }
    PhraseQuery.Builder phrase = new PhraseQuery.Builder().setSlop(slop);
    tokens.forEach(token -> phrase.add(new Term(field.path(), token.text), token.position));
    return phrase.build();
  }

  /**
   * {@code multi_match}: the query on each listed field ({@code name^2} boosts, {@code *} wildcards, every text
   * and keyword field by default), the best field scoring ({@code best_fields}, the default) or all of them
   * ({@code most_fields}); {@code phrase} matches phrases.
   */
  Query multiMatch(JsonObject spec) {
    String text = FieldQueries.text(spec.getValue("query"));
    String type = spec.getString("type", "best_fields");
    MatchOptions options = MatchOptions.of(spec);
    List<Query> queries = new ArrayList<>();
    for (Object pattern : patterns(spec.getValue("fields"))) {
      String name = String.valueOf(pattern);
      float boost = 1;
      if (name.contains("^")) {
        boost = Float.parseFloat(name.substring(name.indexOf('^') + 1));
        name = name.substring(0, name.indexOf('^'));
      }
      for (Field field : resolve(name)) {
        Query query = type.startsWith("phrase") ? phrase(field, text, spec.getInteger("slop", 0))
          : match(field, text, options);
        queries.add(boost == 1 ? query : new BoostQuery(query, boost));
      }
    }
    if (queries.isEmpty()) {
      return new MatchNoDocsQuery();
    }
    if (type.equals("most_fields")) {
      BooleanQuery.Builder bool = new BooleanQuery.Builder();
      queries.forEach(query -> bool.add(query, Occur.SHOULD));
      return bool.build();
    }
    // Limitation: cross_fields is scored as best_fields (each field on its own), not as one blended field.
    return new DisjunctionMaxQuery(queries, ((Number) spec.getValue("tie_breaker", 0)).floatValue());
  }

  /** The fields a name designates: itself if mapped, the string fields it matches if it has wildcards. */
  List<Field> resolve(String name) {
    if (name.contains("*")) {
      return fields.matching(name);
    }
    Field field = fields.get(name);
    return field == null ? List.of() : List.of(field);
  }

  private static Iterable<?> patterns(Object value) {
    if (value == null) {
      return List.of("*");
    }
    return value instanceof JsonArray array ? array : List.of(value);
  }

  /** The lower-cased form of a pattern for a text field, as the analyzer normalizes terms. */
  static String normalize(String field, String text) {
    return ANALYZER.normalize(field, text).utf8ToString();
  }

  private record Token(String text, int position) {
  }

  private static List<Token> analyze(String field, String text) {
    List<Token> tokens = new ArrayList<>();
    try (TokenStream stream = ANALYZER.tokenStream(field, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
      stream.reset();
      int position = -1;
      while (stream.incrementToken()) {
        position += increment.getPositionIncrement();
        tokens.add(new Token(term.toString(), position));
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tokens;
  }
}
