package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A sub-filter: an AND of literals, sorted by key and without duplicates. The empty conjunction matches everything.
 */
final class Conjunction {

  private final List<Literal> literals;
  private final String key;

  Conjunction(Collection<Literal> literals) {
    List<Literal> sorted = new ArrayList<>(literals);
    sorted.sort(Comparator.comparing(Literal::key));
    this.literals = List.copyOf(sorted);
    StringBuilder text = new StringBuilder("[");
    for (Literal literal : this.literals) {
      text.append(literal.key()).append(',');
    }
    this.key = text.append(']').toString();
  }

  List<Literal> literals() {
    return literals;
  }

  String key() {
    return key;
  }

  boolean test(FlatDocument document) {
    for (Literal literal : literals) {
      if (!literal.test(document)) {
        return false;
      }
    }
    return true;
  }
}
