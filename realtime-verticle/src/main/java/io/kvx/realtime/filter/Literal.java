package io.kvx.realtime.filter;

/** A possibly negated condition: the element of a conjunction. */
record Literal(Condition condition, boolean negated) {

  String key() {
    return negated ? "!" + condition.key() : condition.key();
  }

  Literal negate() {
    return new Literal(condition, !negated);
  }

  boolean test(FlatDocument document) {
    return condition.test(document) != negated;
  }
}
