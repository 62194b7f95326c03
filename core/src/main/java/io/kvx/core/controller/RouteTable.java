package io.kvx.core.controller;

import io.kvx.core.error.KuzzleError;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves HTTP paths the way Kuzzle's router does: the path is split on {@code /}, each segment is URL-decoded,
 * a trailing slash is ignored, and at each segment a literal wins over a {@code :param}, without backtracking
 * (so {@code GET /i/c/_search} is a search, never the document {@code _search}). Immutable once built.
 */
public final class RouteTable {

  private final Map<String, Node> roots = new HashMap<>();

  /** Adds a route; a route that already exists for that verb is refused ({@code network.http.duplicate_url}). */
  public RouteTable add(HttpRoute route, String controller, String action) {
    Node node = roots.computeIfAbsent(route.verb(), v -> new Node());
    List<String> names = new ArrayList<>();
    for (String segment : segments(route.path(), false)) {
      if (segment.startsWith(":")) {
        names.add(segment.substring(1));
        node = node.param == null ? (node.param = new Node()) : node.param;
      } else {
        node = node.literals.computeIfAbsent(segment, s -> new Node());
      }
    }
    if (node.controller != null) {
      throw KuzzleError.of("network.http.duplicate_url", route.verb() + " " + route.path());
    }
    node.controller = controller;
    node.action = action;
    node.paramNames = List.copyOf(names);
    return this;
  }

  /**
   * The action serving {@code verb} on {@code path} (without query string), or {@code null} when none does.
   *
   * @throws KuzzleError {@code network.http.url_not_found} when a segment is not valid percent-encoding
   */
  public RouteMatch match(String verb, String path) {
    Node node = roots.get(verb);
    if (node == null) {
      return null;
    }
    List<String> values = null;
    for (String segment : segments(path, true)) {
      Node literal = node.literals.get(segment);
      if (literal != null) {
        node = literal;
      } else if (node.param != null) {
        node = node.param;
        if (values == null) {
          values = new ArrayList<>(4);
        }
        values.add(segment);
      } else {
        return null;
      }
    }
    if (node.controller == null) {
      return null;
    }
    Map<String, String> params = Map.of();
    if (values != null) {
      params = new HashMap<>();
      for (int i = 0; i < values.size(); i++) {
        params.put(node.paramNames.get(i), values.get(i));
      }
    }
    return new RouteMatch(node.controller, node.action, params);
  }

  private static List<String> segments(String path, boolean decode) {
    List<String> segments = new ArrayList<>(6);
    int start = path.startsWith("/") ? 1 : 0;
    int end = path.endsWith("/") && path.length() > 1 ? path.length() - 1 : path.length();
    if (start >= end) {
      return segments;
    }
    for (String raw : path.substring(start, end).split("/", -1)) {
      segments.add(decode ? decode(raw, path) : raw);
    }
    return segments;
  }

  private static String decode(String segment, String path) {
    if (segment.indexOf('%') < 0 && segment.indexOf('+') < 0) {
      return segment;
    }
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw KuzzleError.of("network.http.url_not_found", path);
    }
  }

  private static final class Node {
    private final Map<String, Node> literals = new HashMap<>();
    private Node param;
    private String controller;
    private String action;
    private List<String> paramNames;
  }
}
