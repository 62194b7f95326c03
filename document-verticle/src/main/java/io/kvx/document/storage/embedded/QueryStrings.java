package io.kvx.document.storage.embedded;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.embedded.Fields.Field;
import io.kvx.document.storage.embedded.TextQueries.MatchOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code query_string} and {@code simple_query_string}, a common subset of their syntax: words, {@code "phrases"},
 * {@code field:value} (query_string only), {@code *} and {@code ?} wildcards, {@code (groups)}, {@code AND},
 * {@code OR}, {@code NOT}, {@code &&}, {@code ||}, {@code !}, {@code +} and {@code -} prefixes, {@code |} (simple),
 * {@code _exists_:field} and {@code field:>value} comparisons; {@code default_operator}, {@code fields} and
 * {@code default_field}.
 */
final class QueryStrings {

  // Limitation: [a TO b] ranges, ^boosts, ~fuzziness and proximity, /regexps/ and backslash escapes of the Lucene
  // query syntax are not read; a hand-written lexer over them would add them.
  private static final Set<String> AND = Set.of("AND", "&&");
  private static final Set<String> OR = Set.of("OR", "||");
  private static final Set<String> NOT = Set.of("NOT", "!");
  private static final String[] COMPARISONS = {">=", "<=", ">", "<"};

  private final Fields fields;
  private final TextQueries text;
  private final long now;

  QueryStrings(Fields fields, TextQueries text, long now) {
    this.fields = fields;
    this.text = text;
    this.now = now;
  }

  Query parse(JsonObject spec, boolean simple) {
    Object query = spec.getValue("query");
    if (!(query instanceof String source)) {
      throw Indexer.badRequest("[" + (simple ? "simple_query_string" : "query_string") + "] requires a string "
        + "'query'");
    }
    Object listed = spec.getValue("fields");
    List<String> defaults = new ArrayList<>();
    if (listed instanceof JsonArray array) {
      array.forEach(f -> defaults.add(String.valueOf(f)));
    } else {
      defaults.add(spec.getString("default_field", "*"));
    }
    boolean and = "and".equalsIgnoreCase(spec.getString("default_operator", "or"));
    return new Parser(lex(source, simple), defaults, and, simple).group();
  }

  private static List<String> lex(String source, boolean simple) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')' || simple && c == '|' || prefix(source, i, simple)) {
        tokens.add(String.valueOf(c));
        i++;
      } else if (c == '"') {
        int end = source.indexOf('"', i + 1);
        end = end < 0 ? source.length() : end;
        tokens.add(source.substring(i, end) + '"');
        i = end + 1;
      } else {
        int start = i;
        while (i < source.length() && !Character.isWhitespace(source.charAt(i))
            && "()\"".indexOf(source.charAt(i)) < 0) {
          i++;
          if (!simple && source.charAt(i - 1) == ':') {
            break;
          }
        }
        tokens.add(source.substring(start, i));
      }
    }
    return tokens;
  }

  /** Whether the character at {@code i} is a {@code +}, {@code -} or {@code !} operator stuck to what follows. */
  private static boolean prefix(String source, int i, boolean simple) {
    char c = source.charAt(i);
    boolean operator = c == '+' || c == '-' || !simple && c == '!';
    return operator && i + 1 < source.length() && !Character.isWhitespace(source.charAt(i + 1));
  }

  /** A recursive descent over the tokens, one group (the whole query or a parenthesised part) at a time. */
  private final class Parser {

    private final List<String> tokens;
    private final List<String> defaults;
    private final boolean and;
    private final boolean simple;
    private int next;

    Parser(List<String> tokens, List<String> defaults, boolean and, boolean simple) {
      this.tokens = tokens;
      this.defaults = defaults;
      this.and = and;
      this.simple = simple;
    }

    Query group() {
      List<Occur> occurs = new ArrayList<>();
      List<Query> queries = new ArrayList<>();
      Occur modifier = null;
      Occur conjunction = null;
      String field = null;
      while (next < tokens.size() && !tokens.get(next).equals(")")) {
        String token = tokens.get(next++);
        if (!simple && AND.contains(token)) {
          conjunction = Occur.MUST;
          setLast(occurs, Occur.MUST);
        } else if (!simple && OR.contains(token) || simple && token.equals("|")) {
          conjunction = Occur.SHOULD;
          setLast(occurs, Occur.SHOULD);
        } else if (!simple && NOT.contains(token) || token.equals("-")) {
          modifier = Occur.MUST_NOT;
        } else if (token.equals("+")) {
          modifier = Occur.MUST;
        } else if (!simple && token.endsWith(":") && token.length() > 1) {
          field = token.substring(0, token.length() - 1);
        } else {
          Query query = token.equals("(") ? nested() : item(field, token);
          occurs.add(modifier != null ? modifier : conjunction != null ? conjunction
            : and ? Occur.MUST : Occur.SHOULD);
          queries.add(query);
          modifier = null;
          conjunction = null;
          field = null;
        }
      }
      return combine(occurs, queries);
    }

    private Query nested() {
      Query query = group();
      next++;
      return query;
    }

    private void setLast(List<Occur> occurs, Occur occur) {
      int last = occurs.size() - 1;
      if (last >= 0 && occurs.get(last) != Occur.MUST_NOT) {
        occurs.set(last, occur);
      }
    }

    private Query item(String field, String token) {
      if ("_exists_".equals(field)) {
        return FieldQueries.exists(token);
      }
      boolean explicit = field != null;
      List<Query> queries = new ArrayList<>();
      for (String name : explicit ? List.of(field) : defaults) {
        for (Field target : text.resolve(name)) {
          Query query = lenient(name.contains("*"), target, token);
          if (query != null) {
            queries.add(query);
          }
        }
      }
      if (queries.isEmpty()) {
        return new MatchNoDocsQuery();
      }
      return queries.size() == 1 ? queries.get(0) : new DisjunctionMaxQuery(queries, 0);
    }

    private Query lenient(boolean lenient, Field field, String token) {
      try {
        return single(field, token);
      } catch (IllegalArgumentException | KuzzleError e) {
        if (lenient) {
          return null;
        }
        throw e;
      }
    }

    private Query single(Field field, String token) {
      if (token.startsWith("\"")) {
        return text.phrase(field, token.substring(1, token.length() - 1), 0);
      }
      if (!simple) {
        for (String comparison : COMPARISONS) {
          if (token.startsWith(comparison) && token.length() > comparison.length()) {
            String bound = (comparison.startsWith(">") ? "g" : "l") + (comparison.endsWith("=") ? "te" : "t");
            return FieldQueries.range(field, new JsonObject().put(bound, token.substring(comparison.length())), now);
          }
        }
      }
      if (token.contains("*") || token.contains("?")) {
        return field.kind().isString() ? FieldQueries.wildcard(field, token, false) : new MatchNoDocsQuery();
      }
      return text.match(field, token, MatchOptions.DEFAULT);
    }
  }

  private static Query combine(List<Occur> occurs, List<Query> queries) {
    if (queries.size() == 1 && occurs.get(0) != Occur.MUST_NOT) {
      return queries.get(0);
    }
    BooleanQuery.Builder bool = new BooleanQuery.Builder();
    boolean positive = false;
    for (int i = 0; i < queries.size(); i++) {
      bool.add(queries.get(i), occurs.get(i));
      positive |= occurs.get(i) != Occur.MUST_NOT;
    }
    if (!positive) {
      bool.add(new MatchAllDocsQuery(), Occur.MUST);
    }
    return bool.build();
  }
}
