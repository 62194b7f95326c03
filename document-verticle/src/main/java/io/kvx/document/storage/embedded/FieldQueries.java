package io.kvx.document.storage.embedded;

import io.kvx.document.storage.embedded.Fields.Field;
import io.kvx.document.storage.embedded.Fields.Kind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Queries on one mapped field, built the way its type indexes values ({@link Indexer}): terms for keywords, text
 * and booleans, points for numbers and dates. Values that do not read as the field's type are
 * {@link IllegalArgumentException}s, which the translator answers as bad requests.
 */
final class FieldQueries {

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private FieldQueries() {
  }

  static Query term(Field field, Object value, boolean caseInsensitive) {
    String path = field.path();
    return switch (field.kind()) {
      case KEYWORD, TEXT -> caseInsensitive ? caseInsensitive(path, text(value)) : new TermQuery(new Term(path,
        text(value)));
      case LONG -> isWhole(Values.decimal(value)) ? LongPoint.newExactQuery(path, Values.toLong(value))
        : new MatchNoDocsQuery();
      case DOUBLE -> DoublePoint.newExactQuery(path, Values.toDouble(value));
      case DATE -> LongPoint.newExactQuery(path, Dates.parse(value));
      case BOOLEAN -> new TermQuery(new Term(path, String.valueOf(Values.toBoolean(value))));
      case OBJECT -> new MatchNoDocsQuery();
      case GEO_POINT -> throw unsupported(field, "term");
    };
  }

  static Query terms(Field field, JsonArray values) {
    String path = field.path();
    return switch (field.kind()) {
      case KEYWORD, TEXT -> new TermInSetQuery(path, values.stream().map(v -> new BytesRef(text(v))).toList());
      case BOOLEAN -> new TermInSetQuery(path, values.stream().map(v -> new BytesRef(String.valueOf(
        Values.toBoolean(v)))).toList());
      case LONG -> LongPoint.newSetQuery(path, values.stream().filter(v -> isWhole(Values.decimal(v)))
        .mapToLong(Values::toLong).toArray());
      case DOUBLE -> DoublePoint.newSetQuery(path, values.stream().mapToDouble(Values::toDouble).toArray());
      case DATE -> LongPoint.newSetQuery(path, values.stream().mapToLong(Dates::parse).toArray());
      case OBJECT -> new MatchNoDocsQuery();
      case GEO_POINT -> throw unsupported(field, "terms");
    };
  }

  /**
   * A range from {@code gt}/{@code gte} to {@code lt}/{@code lte} (or the older {@code from}, {@code to},
   * {@code include_lower}, {@code include_upper}); dates accept date math from {@code now}.
   */
  static Query range(Field field, JsonObject bounds, long now) {
    // Limitation: the format and time_zone parameters of range queries are ignored; bounds are read with the
    // default date formats, in UTC.
    Bound lower = bound(bounds, "gte", "gt", "from", "include_lower");
    Bound upper = bound(bounds, "lte", "lt", "to", "include_upper");
    String path = field.path();
    return switch (field.kind()) {
      case KEYWORD, TEXT -> TermRangeQuery.newStringRange(path, lower.text(), upper.text(), lower.inclusive,
        upper.inclusive);
      case BOOLEAN -> TermRangeQuery.newStringRange(path, lower.flag(), upper.flag(), lower.inclusive,
        upper.inclusive);
      case LONG -> longRange(path, lower.value == null ? Long.MIN_VALUE : integer(lower, true),
        upper.value == null ? Long.MAX_VALUE : integer(upper, false));
      case DATE -> longRange(path,
        lower.value == null ? Long.MIN_VALUE : Dates.parseBound(lower.value, now) + (lower.inclusive ? 0 : 1),
        upper.value == null ? Long.MAX_VALUE : Dates.parseBound(upper.value, now) - (upper.inclusive ? 0 : 1));
      case DOUBLE -> doubleRange(path, lower, upper);
      case OBJECT -> new MatchNoDocsQuery();
      case GEO_POINT -> throw unsupported(field, "range");
    };
  }

  static Query prefix(Field field, String value, boolean caseInsensitive) {
    requireString(field, "prefix");
    if (caseInsensitive) {
      return caseInsensitive(field.path(), escape(value) + ".*", true);
    }
    return new PrefixQuery(new Term(field.path(), value));
  }

  /** A wildcard pattern ({@code *} and {@code ?}); on text fields it is lower-cased like the indexed terms. */
  static Query wildcard(Field field, String pattern, boolean caseInsensitive) {
    requireString(field, "wildcard");
    String normalized = field.kind() == Kind.TEXT ? TextQueries.normalize(field.path(), pattern) : pattern;
    if (caseInsensitive) {
      return caseInsensitive(field.path(), escape(normalized).replace("\\*", ".*").replace("\\?", "."), true);
    }
    return new WildcardQuery(new Term(field.path(), normalized));
  }

  static Query regexp(Field field, String pattern, boolean caseInsensitive) {
    requireString(field, "regexp");
    return caseInsensitive(field.path(), pattern, caseInsensitive);
  }

  static Query fuzzy(Field field, String value, Object fuzziness) {
    requireString(field, "fuzzy");
    return new FuzzyQuery(new Term(field.path(), value), maxEdits(fuzziness, value));
  }

  static Query exists(String path) {
    return path.equals(Indexer.ID) ? new MatchAllDocsQuery() : new TermQuery(new Term(Indexer.FIELD_NAMES, path));
  }

  /** Edits a fuzzy term allows: 0, 1 or 2, or {@code AUTO[:low,high]} by the term's length (3 and 6 by default). */
  static int maxEdits(Object fuzziness, String term) {
    String text = String.valueOf(fuzziness);
    if (text.toUpperCase(java.util.Locale.ROOT).startsWith("AUTO")) {
      int low = 3;
      int high = 6;
      if (text.contains(":")) {
        String[] limits = text.substring(text.indexOf(':') + 1).split(",");
        low = Integer.parseInt(limits[0].trim());
        high = Integer.parseInt(limits[1].trim());
      }
      int length = term.codePointCount(0, term.length());
      return length < low ? 0 : length < high ? 1 : 2;
    }
    return Math.min(2, (int) Values.toDouble(fuzziness));
  }

  private static Query caseInsensitive(String path, String text) {
    return caseInsensitive(path, escape(text), true);
  }

  private static Query caseInsensitive(String path, String regexp, boolean ignoreCase) {
    return new RegexpQuery(new Term(path, regexp), RegExp.ALL, ignoreCase ? RegExp.ASCII_CASE_INSENSITIVE : 0,
      Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
  }

  private static String escape(String text) {
    StringBuilder escaped = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (!Character.isLetterOrDigit(c)) {
        escaped.append('\\');
      }
      escaped.appendCodePoint(c);
    });
    return escaped.toString();
  }

  private static Query longRange(String path, long lower, long upper) {
    return lower > upper ? new MatchNoDocsQuery() : LongPoint.newRangeQuery(path, lower, upper);
  }

  private static Query doubleRange(String path, Bound lower, Bound upper) {
    double from = lower.value == null ? Double.NEGATIVE_INFINITY : Values.toDouble(lower.value);
    double to = upper.value == null ? Double.POSITIVE_INFINITY : Values.toDouble(upper.value);
    from = lower.value == null || lower.inclusive ? from : Math.nextUp(from);
    to = upper.value == null || upper.inclusive ? to : Math.nextDown(to);
    return from > to ? new MatchNoDocsQuery() : DoublePoint.newRangeQuery(path, from, to);
  }

  /** The whole number a bound of an integer field stands for: 1.5 as a lower bound is 2, as an upper bound 1. */
  private static long integer(Bound bound, boolean lower) {
    BigDecimal value = Values.decimal(bound.value);
    BigDecimal whole = value.setScale(0, lower ? RoundingMode.CEILING : RoundingMode.FLOOR);
    if (!bound.inclusive && whole.compareTo(value) == 0) {
      whole = lower ? whole.add(BigDecimal.ONE) : whole.subtract(BigDecimal.ONE);
    }
    return whole.max(LONG_MIN).min(LONG_MAX).longValue();
  }

  private static boolean isWhole(BigDecimal value) {
    return value.stripTrailingZeros().scale() <= 0;
  }

  private static Bound bound(JsonObject bounds, String inclusive, String exclusive, String legacy,
      String legacyInclusive) {
    if (bounds.getValue(inclusive) != null) {
      return new Bound(bounds.getValue(inclusive), true);
    }
    if (bounds.getValue(exclusive) != null) {
      return new Bound(bounds.getValue(exclusive), false);
    }
    return new Bound(bounds.getValue(legacy), !Boolean.FALSE.equals(bounds.getValue(legacyInclusive)));
  }

  private record Bound(Object value, boolean inclusive) {
    String text() {
      return value == null ? null : FieldQueries.text(value);
    }

    String flag() {
      return value == null ? null : String.valueOf(Values.toBoolean(value));
    }
  }

  static String text(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    throw new IllegalArgumentException("a scalar value is expected, not " + value);
  }

  private static void requireString(Field field, String query) {
    if (!field.kind().isString()) {
      throw new IllegalArgumentException("Can only use " + query + " queries on keyword and text fields - not on ["
        + field.path() + "] which is of type [" + field.type() + "]");
    }
  }

  private static IllegalArgumentException unsupported(Field field, String query) {
    return new IllegalArgumentException("Field [" + field.path() + "] of type [" + field.type()
      + "] does not support " + query + " queries");
  }
}
