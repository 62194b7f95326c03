package io.kvx.realtime.filter;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Validates and standardizes the clause keywords (geo keywords in {@link GeoClauseParser}). */
final class ClauseParser {

  private static final Pattern ARRAY_FIELD = Pattern.compile("^(.*?[^\\\\])\\[(.*)]$", Pattern.DOTALL);
  private static final List<String> RANGE_BOUNDS = List.of("gt", "gte", "lt", "lte");
  private static final List<String> REGEXP_ATTRIBUTES = List.of("flags", "value");

  private final FilterParser parser;
  private final Normalizer normalizer;

  ClauseParser(FilterParser parser, Normalizer normalizer) {
    this.parser = parser;
    this.normalizer = normalizer;
  }

  Node parse(String keyword, Object body, String path) {
    switch (keyword) {
      case "equals":
        return equals(body, path);
      case "in":
        return in(body, path);
      case "ids":
        return ids(body, path);
      case "exists":
        return new Node.Leaf(exists(body, path, "exists"));
      case "missing":
        return new Node.Not(new Node.Leaf(exists(body, path, "missing")));
      case "range":
        return range(body, path);
      case "regexp":
        return regexp(body, path);
      case "match":
        return match(body, path);
      case "select":
        return select(body, path);
      default:
        return GeoClauseParser.parse(keyword, body, path);
    }
  }

  private static Node equals(Object body, String path) {
    Map<String, Object> equals = DslErrors.objectWith(body, path, 1);
    String field = DslErrors.singleField(equals);
    Object value = equals.get(field);
    if (!Values.isScalar(value)) {
      throw DslErrors.error(DslErrors.path(path, field), "must either be a string, a number, a boolean, or null");
    }
    return new Node.Leaf(new EqualsCondition(field, Values.normalize(value)));
  }

  private static Node in(Object body, String path) {
    Map<String, Object> in = DslErrors.objectWith(body, path, 1);
    String field = DslErrors.singleField(in);
    return anyEquals(field, DslErrors.stringArray(in.get(field), DslErrors.path(path, field)));
  }

  private static Node ids(Object body, String path) {
    Map<String, Object> ids = DslErrors.objectWith(body, path, 1);
    DslErrors.require(ids, "values", path);
    return anyEquals("_id", DslErrors.stringArray(ids.get("values"), DslErrors.path(path, "values")));
  }

  private static Node anyEquals(String field, List<Object> values) {
    List<Node> or = new ArrayList<>(values.size());
    values.forEach(value -> or.add(new Node.Leaf(new EqualsCondition(field, value))));
    return new Node.Or(or);
  }

  private static ExistsCondition exists(Object body, String path, String keyword) {
    if (body instanceof String) {
      if (((String) body).isEmpty()) {
        throw DslErrors.error(path, "cannot test empty field name");
      }
      return fieldSyntax((String) body, path);
    }
    Map<String, Object> exists = DslErrors.objectWith(body, path, 1);
    DslErrors.require(exists, "field", path);
    String fieldPath = DslErrors.path(path, "field");
    return fieldSyntax(DslErrors.string(exists.get("field"), fieldPath), fieldPath);
  }

  /** {@code "a.b"} or {@code "a.b[<json scalar>]"}, escaped brackets ({@code \[}) being part of the name. */
  private static ExistsCondition fieldSyntax(String syntax, String path) {
    Matcher matcher = ARRAY_FIELD.matcher(syntax);
    if (!matcher.matches()) {
      return new ExistsCondition(unescape(syntax), false, null);
    }
    Object value;
    try {
      value = Json.decodeValue(matcher.group(2));
    } catch (DecodeException e) {
      value = e;
    }
    if (value instanceof DecodeException || !Values.isScalar(value)) {
      throw DslErrors.error(path, "contains an invalid array value (\"" + matcher.group(2) + "\")");
    }
    return new ExistsCondition(unescape(matcher.group(1)), true, Values.normalize(value));
  }

  private static String unescape(String field) {
    return field.replaceAll("\\\\([\\[\\]])", "$1");
  }

  private static Node range(Object body, String path) {
    Map<String, Object> range = DslErrors.objectWith(body, path, 1);
    String field = DslErrors.singleField(range);
    String fieldPath = DslErrors.path(path, field);
    Map<String, Object> bounds = DslErrors.nonEmptyObject(range.get(field), fieldPath);
    DslErrors.allow(bounds, RANGE_BOUNDS, fieldPath);
    double low = Double.NEGATIVE_INFINITY;
    double high = Double.POSITIVE_INFINITY;
    boolean lowInclusive = true;
    boolean highInclusive = true;
    boolean hasLow = false;
    boolean hasHigh = false;
    for (Map.Entry<String, Object> bound : bounds.entrySet()) {
      if (!(bound.getValue() instanceof Number)) {
        throw DslErrors.error(DslErrors.path(fieldPath, bound.getKey()), "must be a number");
      }
      double value = ((Number) bound.getValue()).doubleValue();
      boolean upper = bound.getKey().startsWith("l");
      if (upper ? hasHigh : hasLow) {
        throw DslErrors.error(fieldPath, "only 1 " + (upper ? "upper" : "lower") + " boundary allowed");
      }
      if (upper) {
        hasHigh = true;
        high = value;
        highInclusive = bound.getKey().equals("lte");
      } else {
        hasLow = true;
        low = value;
        lowInclusive = bound.getKey().equals("gte");
      }
    }
    if (high <= low) {
      throw DslErrors.error(fieldPath, "lower boundary must be strictly inferior to the upper one");
    }
    return new Node.Leaf(new RangeCondition(field, low, lowInclusive, high, highInclusive));
  }

  private static Node regexp(Object body, String path) {
    Map<String, Object> regexp = DslErrors.objectWith(body, path, 1);
    String field = DslErrors.singleField(regexp);
    String fieldPath = DslErrors.path(path, field);
    Object spec = regexp.get(field);
    String value;
    String flags = "";
    if (spec instanceof String) {
      value = (String) spec;
    } else if (Values.asMap(spec) != null && !Values.asMap(spec).isEmpty()) {
      Map<String, Object> object = Values.asMap(spec);
      DslErrors.allow(object, REGEXP_ATTRIBUTES, fieldPath);
      DslErrors.require(object, "value", fieldPath);
      if (!(object.get("value") instanceof String)) {
        throw DslErrors.error(DslErrors.path(fieldPath, "value"), "must be a string");
      }
      value = (String) object.get("value");
      if (object.get("flags") != null) {
        flags = DslErrors.string(object.get("flags"), DslErrors.path(fieldPath, "flags"));
      }
    } else {
      throw DslErrors.error(fieldPath, "must be either a string or a non-empty object");
    }
    return new Node.Leaf(new RegexpCondition(field, value, flags, compile(value, flags, fieldPath)));
  }

  // Limitation: patterns use java.util.regex, not RE2: the syntax is close to RE2's but backtracking patterns can be
  // slow on hostile input. A linear-time engine (re2j) would remove both differences.
  private static Pattern compile(String value, String flags, String path) {
    int javaFlags = 0;
    for (char flag : flags.toCharArray()) {
      switch (flag) {
        case 'i':
          javaFlags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
          break;
        case 'm':
          javaFlags |= Pattern.MULTILINE;
          break;
        case 's':
          javaFlags |= Pattern.DOTALL;
          break;
        case 'g':
        case 'u':
        case 'y':
          break;
        default:
          throw DslErrors.error(path, "cannot parse regexp expression \"/" + value + "/" + flags
            + "\" (invalid flag \"" + flag + "\")");
      }
    }
    try {
      return Pattern.compile(value, javaFlags);
    } catch (PatternSyntaxException e) {
      throw DslErrors.error(path, "cannot parse regexp expression \"/" + value + "/" + flags + "\" ("
        + e.getDescription() + ")");
    }
  }

  private static Node match(Object body, String path) {
    Map<String, Object> match = DslErrors.nonEmptyObject(body, path);
    List<Node> and = new ArrayList<>(match.size());
    match.forEach((field, value) -> and.add(new Node.Leaf(new MatchCondition(field, Values.normalize(value)))));
    return new Node.And(and);
  }

  private Node select(Object body, String path) {
    Map<String, Object> select = DslErrors.objectWith(body, path, 3);
    String field = DslErrors.string(select.get("field"), DslErrors.path(path, "field"));
    Object index = select.get("index");
    String indexPath = DslErrors.path(path, "index");
    if (!(index instanceof Number)) {
      throw DslErrors.error(indexPath, "must be an integer");
    }
    double position = ((Number) index).doubleValue();
    if (position != Math.rint(position) || Math.abs(position) > Integer.MAX_VALUE) {
      throw DslErrors.error(indexPath, "cannot have decimals, must be an integer");
    }
    String queryPath = DslErrors.path(path, "query");
    Node query = parser.parse(DslErrors.nonEmptyObject(select.get("query"), queryPath), queryPath);
    return new Node.Leaf(new SelectCondition(field, (int) position, normalizer.normalize(query)));
  }
}
