package io.kvx.realtime.filter;

/** A possibly negated condition: the element of a conjunction. Keys are computed once: they are compared a lot. */
final class Literal {

  private final Condition condition;
  private final boolean negated;
  private final String conditionKey;
  private final String key;

  Literal(Condition condition, boolean negated) {
    this(condition, negated, condition.key());
  }

  private Literal(Condition condition, boolean negated, String conditionKey) {
    this.condition = condition;
    this.negated = negated;
    this.conditionKey = conditionKey;
    this.key = negated ? "!" + conditionKey : conditionKey;
  }

  Condition condition() {
    return condition;
  }

  boolean negated() {
    return negated;
  }

  String conditionKey() {
    return conditionKey;
  }

  String key() {
    return key;
  }

  Literal negate() {
    return new Literal(condition, !negated, conditionKey);
  }

  boolean test(FlatDocument document) {
    return condition.test(document) != negated;
  }
}
