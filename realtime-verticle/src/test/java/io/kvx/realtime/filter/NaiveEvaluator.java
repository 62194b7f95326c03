package io.kvx.realtime.filter;

import java.util.Map;

/**
 * The reference the indexed engine is checked against: it evaluates a filter's standardized tree directly on a
 * document, with no normalization and no index, by testing every condition.
 */
final class NaiveEvaluator {

  private NaiveEvaluator() {
  }

  static boolean matches(Node node, Map<String, Object> document) {
    return evaluate(node, FlatDocument.of(document));
  }

  static boolean evaluate(Node node, FlatDocument document) {
    if (node instanceof Node.And) {
      return ((Node.And) node).children().stream().allMatch(child -> evaluate(child, document));
    }
    if (node instanceof Node.Or) {
      return ((Node.Or) node).children().stream().anyMatch(child -> evaluate(child, document));
    }
    if (node instanceof Node.Not) {
      return !evaluate(((Node.Not) node).child(), document);
    }
    if (node instanceof Node.Const) {
      return ((Node.Const) node).value();
    }
    return ((Node.Leaf) node).condition().test(document);
  }
}
