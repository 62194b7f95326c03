package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a standardized tree into its canonical disjunctive normal form: negations are pushed down to the conditions
 * (De Morgan, double negations cancelled), the distinct conditions are counted against {@code maxConditions}, the
 * tree is distributed into conjunctions (at most {@code maxConjunctions} at any step, so a filter cannot blow up),
 * each conjunction is simplified by {@link ConjunctionSimplifier}, and conjunctions that contain another one are
 * absorbed.
 */
// Limitation: no logic minimization beyond absorption and merging of conjunctions differing by one negated literal
// (Koncorde runs Espresso), so a few equivalent but differently written filters still get different ids.
final class Normalizer {

  private final int maxConditions;
  private final int maxConjunctions;

  Normalizer(int maxConditions, int maxConjunctions) {
    this.maxConditions = maxConditions;
    this.maxConjunctions = maxConjunctions;
  }

  NormalizedFilter normalize(Node tree) {
    Node nnf = negationNormalForm(tree, false);
    Set<String> conditions = new HashSet<>();
    collectConditions(nnf, conditions);
    if (conditions.size() > maxConditions) {
      throw DslErrors.error(null, "Filter too complex: it has " + conditions.size()
        + " conditions, the limit (limits.subscriptionConditionsCount) is " + maxConditions);
    }
    List<TreeMap<String, Literal>> dnf = distribute(nnf);
    List<Conjunction> simplified = new ArrayList<>(dnf.size());
    for (TreeMap<String, Literal> conjunction : dnf) {
      Conjunction result = ConjunctionSimplifier.simplify(conjunction.values());
      if (result != null) {
        simplified.add(result);
      }
    }
    return new NormalizedFilter(Absorption.reduce(simplified));
  }

  private static Node negationNormalForm(Node node, boolean negate) {
    if (node instanceof Node.Not) {
      return negationNormalForm(((Node.Not) node).child(), !negate);
    }
    if (node instanceof Node.And) {
      List<Node> children = map(((Node.And) node).children(), negate);
      return negate ? new Node.Or(children) : new Node.And(children);
    }
    if (node instanceof Node.Or) {
      List<Node> children = map(((Node.Or) node).children(), negate);
      return negate ? new Node.And(children) : new Node.Or(children);
    }
    if (node instanceof Node.Const) {
      return new Node.Const(((Node.Const) node).value() != negate);
    }
    return negate ? new Node.Not(node) : node;
  }

  private static List<Node> map(List<Node> children, boolean negate) {
    List<Node> mapped = new ArrayList<>(children.size());
    children.forEach(child -> mapped.add(negationNormalForm(child, negate)));
    return mapped;
  }

  private static void collectConditions(Node node, Set<String> keys) {
    if (node instanceof Node.Leaf) {
      keys.add(((Node.Leaf) node).condition().key());
    } else if (node instanceof Node.Not) {
      collectConditions(((Node.Not) node).child(), keys);
    } else if (node instanceof Node.And) {
      ((Node.And) node).children().forEach(child -> collectConditions(child, keys));
    } else if (node instanceof Node.Or) {
      ((Node.Or) node).children().forEach(child -> collectConditions(child, keys));
    }
  }

  /** The DNF of a tree in negation normal form, as literal sets keyed by literal key. */
  private List<TreeMap<String, Literal>> distribute(Node node) {
    if (node instanceof Node.Const) {
      return ((Node.Const) node).value() ? List.of(new TreeMap<>()) : List.of();
    }
    if (node instanceof Node.Leaf || node instanceof Node.Not) {
      boolean negated = node instanceof Node.Not;
      Node.Leaf leaf = (Node.Leaf) (negated ? ((Node.Not) node).child() : node);
      Literal literal = new Literal(leaf.condition(), negated);
      TreeMap<String, Literal> single = new TreeMap<>();
      single.put(literal.key(), literal);
      return List.of(single);
    }
    if (node instanceof Node.Or) {
      List<TreeMap<String, Literal>> union = new ArrayList<>();
      for (Node child : ((Node.Or) node).children()) {
        union.addAll(distribute(child));
        checkSize(union.size());
      }
      return union;
    }
    List<TreeMap<String, Literal>> product = List.of(new TreeMap<>());
    for (Node child : ((Node.And) node).children()) {
      product = product(product, distribute(child));
    }
    return product;
  }

  private List<TreeMap<String, Literal>> product(List<TreeMap<String, Literal>> left,
      List<TreeMap<String, Literal>> right) {
    List<TreeMap<String, Literal>> product = new ArrayList<>();
    for (TreeMap<String, Literal> a : left) {
      for (TreeMap<String, Literal> b : right) {
        TreeMap<String, Literal> merged = new TreeMap<>(a);
        merged.putAll(b);
        if (!hasComplementaryPair(merged)) {
          product.add(merged);
          checkSize(product.size());
        }
      }
    }
    return product;
  }

  private static boolean hasComplementaryPair(TreeMap<String, Literal> conjunction) {
    for (Literal literal : conjunction.values()) {
      if (!literal.negated() && conjunction.containsKey("!" + literal.key())) {
        return true;
      }
    }
    return false;
  }

  private void checkSize(int conjunctions) {
    if (conjunctions > maxConjunctions) {
      throw DslErrors.error(null, "Filter too complex: its disjunctive normal form exceeds " + maxConjunctions
        + " sub-filters");
    }
  }
}
