package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * A condition stored once per collection, whatever the number of sub-filters using it. It is in the operator indexes
 * only while it drives at least one sub-filter (see {@link CollectionStore}); the indexes stamp it with
 * {@code matchedStamp} when they find it true for the current document. A condition that drives nothing is evaluated
 * directly, at most once per document ({@code evaluatedStamp}, {@code value}), and only if a candidate needs it.
 */
final class ConditionEntry {

  final Condition condition;
  final String key;
  final List<Subfilter> driven = new ArrayList<>(1);
  int references;
  int positiveReferences;
  boolean indexed;
  long matchedStamp = -1;
  long evaluatedStamp = -1;
  boolean value;
  /** Per-index bookkeeping (the interval set's slot for a range). */
  Object indexHandle;

  ConditionEntry(Condition condition, String key) {
    this.condition = condition;
    this.key = key;
  }

  /** Whether the condition holds for the document of the current match, identified by its stamp. */
  boolean holds(long stamp, FlatDocument document) {
    if (indexed) {
      return matchedStamp == stamp;
    }
    if (evaluatedStamp != stamp) {
      evaluatedStamp = stamp;
      value = condition.test(document);
    }
    return value;
  }

  void addDriven(Subfilter subfilter) {
    subfilter.slot = driven.size();
    driven.add(subfilter);
  }

  /** O(1) removal: the last driven sub-filter takes the freed slot. */
  void removeDriven(Subfilter subfilter) {
    Subfilter last = driven.remove(driven.size() - 1);
    if (last != subfilter) {
      driven.set(subfilter.slot, last);
      last.slot = subfilter.slot;
    }
  }
}
