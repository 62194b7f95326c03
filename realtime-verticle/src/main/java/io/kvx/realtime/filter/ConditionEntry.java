package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * A condition stored once per collection, whatever the number of sub-filters using it. During a match,
 * {@code matchedStamp} records that the indexes found the condition true for the current document, so each condition
 * is evaluated once per document. The sub-filters it drives are those that this condition, when true, makes
 * candidates (see {@link CollectionStore}).
 */
final class ConditionEntry {

  final Condition condition;
  final String key;
  final List<Subfilter> driven = new ArrayList<>(1);
  int references;
  int positiveReferences;
  long matchedStamp = -1;
  /** Set once the last sub-filter using the condition is gone; lazily purged indexes skip removed entries. */
  boolean removed;

  ConditionEntry(Condition condition, String key) {
    this.condition = condition;
    this.key = key;
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
