package io.kvx.realtime.filter;

import java.util.List;

/** The standardized filter tree: operators over atomic conditions, before normalization. */
sealed interface Node {

  /** Conjunction of the children. */
  record And(List<Node> children) implements Node {
  }

  /** Disjunction of the children. */
  record Or(List<Node> children) implements Node {
  }

  /** Negation. */
  record Not(Node child) implements Node {
  }

  /** An atomic condition. */
  record Leaf(Condition condition) implements Node {
  }

  /** {@code true} for {@code {}} (everything), {@code false} for {@code nothing}. */
  record Const(boolean value) implements Node {
  }
}
