package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A filter in canonical disjunctive normal form: an OR of conjunctions, sorted by key. No conjunction means the
 * filter matches nothing; one empty conjunction means it matches everything.
 */
final class NormalizedFilter {

  private final List<Conjunction> conjunctions;
  private final String canonical;

  NormalizedFilter(List<Conjunction> conjunctions) {
    List<Conjunction> sorted = new ArrayList<>(conjunctions);
    sorted.sort(Comparator.comparing(Conjunction::key));
    this.conjunctions = List.copyOf(sorted);
    StringBuilder text = new StringBuilder("[");
    for (Conjunction conjunction : this.conjunctions) {
      text.append(conjunction.key()).append(',');
    }
    this.canonical = text.append(']').toString();
  }

  List<Conjunction> conjunctions() {
    return conjunctions;
  }

  /** The canonical text hashed into the filter id. */
  String canonical() {
    return canonical;
  }

  /** Direct evaluation, without indexes. */
  boolean test(FlatDocument document) {
    for (Conjunction conjunction : conjunctions) {
      if (conjunction.test(document)) {
        return true;
      }
    }
    return false;
  }
}
