package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a filter and standardizes it into a {@link Node} tree: operators here, clauses in
 * {@link ClauseParser}. Sugar disappears: {@code in}/{@code ids} become ORs of {@code equals}, {@code missing} a
 * negated {@code exists}, {@code bool} and/or/not, {@code match} an AND of one condition per field.
 */
final class FilterParser {

  private static final Set<String> KEYWORDS = Set.of("and", "bool", "equals", "exists", "geoBoundingBox",
    "geoDistance", "geoDistanceRange", "geoPolygon", "ids", "in", "match", "missing", "not", "nothing", "or",
    "select", "range", "regexp");
  private static final List<String> BOOL_ATTRIBUTES = List.of("must", "must_not", "should", "should_not");

  private final ClauseParser clauses;

  FilterParser(Normalizer normalizer) {
    this.clauses = new ClauseParser(this, normalizer);
  }

  /** The tree of a whole filter; {@code null} or {@code {}} matches everything. */
  Node parse(Object filter) {
    if (filter == null) {
      return new Node.Const(true);
    }
    Map<String, Object> map = Values.asMap(filter);
    if (map == null) {
      throw DslErrors.error(null, "Invalid filter syntax. Filters must be an object");
    }
    return map.isEmpty() ? new Node.Const(true) : parse(map, null);
  }

  Node parse(Map<String, Object> filter, String path) {
    if (filter.size() > 1) {
      throw DslErrors.error(path, "Invalid filter syntax. Filters must have one keyword only");
    }
    if (filter.isEmpty()) {
      throw DslErrors.error(path, "must be a non-empty object");
    }
    String keyword = DslErrors.singleField(filter);
    String keywordPath = DslErrors.path(path, keyword);
    if (!KEYWORDS.contains(keyword)) {
      throw DslErrors.error(keywordPath, "unknown keyword");
    }
    Object body = filter.get(keyword);
    switch (keyword) {
      case "and":
        return new Node.And(children(body, keywordPath));
      case "or":
        return new Node.Or(children(body, keywordPath));
      case "not":
        return new Node.Not(parse(DslErrors.objectWith(body, keywordPath, 1), keywordPath));
      case "bool":
        return bool(body, keywordPath);
      case "nothing":
        return new Node.Const(false);
      default:
        return clauses.parse(keyword, body, keywordPath);
    }
  }

  private List<Node> children(Object body, String path) {
    List<Object> list = DslErrors.nonEmptyArray(body, path);
    List<Node> children = new ArrayList<>(list.size());
    for (Object item : list) {
      Map<String, Object> child = Values.asMap(item);
      if (child == null || child.isEmpty()) {
        throw DslErrors.error(path, "can only contain non-empty objects");
      }
      children.add(parse(child, path));
    }
    return children;
  }

  private Node bool(Object body, String path) {
    Map<String, Object> bool = DslErrors.nonEmptyObject(body, path);
    DslErrors.allow(bool, BOOL_ATTRIBUTES, path);
    List<Node> and = new ArrayList<>();
    if (bool.containsKey("must")) {
      and.addAll(children(bool.get("must"), DslErrors.path(path, "must")));
    }
    if (bool.containsKey("must_not")) {
      and.add(new Node.Not(new Node.Or(children(bool.get("must_not"), DslErrors.path(path, "must_not")))));
    }
    if (bool.containsKey("should")) {
      and.add(new Node.Or(children(bool.get("should"), DslErrors.path(path, "should"))));
    }
    if (bool.containsKey("should_not")) {
      and.add(new Node.Not(new Node.And(children(bool.get("should_not"), DslErrors.path(path, "should_not")))));
    }
    return new Node.And(and);
  }
}
