package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A condition stored once per collection, whatever the number of sub-filters using it. It is in the operator indexes
 * only while it drives at least one sub-filter (see {@link CollectionStore}): sub-filters with a positive range are
 * held in {@code ranged}, by the range's field and bounds, the others in {@code driven}. The indexes stamp it with
 * {@code matchedStamp} when they find it true for the current document. A condition that drives nothing is evaluated
 * directly, at most once per document ({@code evaluatedStamp}, {@code value}), and only if a candidate needs it.
 */
final class ConditionEntry {

  private static final Subfilter[] NO_SUBFILTERS = new Subfilter[0];

  final Condition condition;
  final String key;
  /** The driven sub-filters without a positive range, in {@code driven[0..drivenCount)}. */
  Subfilter[] driven = NO_SUBFILTERS;
  int drivenCount;
  /** The driven sub-filters having a positive range, per range field; null while there is none. */
  List<Ranged> ranged;
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
    if (drivenCount == driven.length) {
      driven = Arrays.copyOf(driven, Math.max(1, 2 * drivenCount));
    }
    subfilter.slot = drivenCount;
    driven[drivenCount++] = subfilter;
  }

  /** Whether some sub-filter is driven by this condition. */
  boolean drives() {
    return drivenCount > 0 || ranged != null;
  }

  /** Adds a driven sub-filter under one of its positive ranges: it is a candidate only when the range holds. */
  void addRanged(Subfilter subfilter, RangeCondition range) {
    if (ranged == null) {
      ranged = new ArrayList<>(1);
    }
    Ranged byField = null;
    for (Ranged candidate : ranged) {
      if (candidate.field.equals(range.field())) {
        byField = candidate;
      }
    }
    if (byField == null) {
      byField = new Ranged(range.field());
      ranged.add(byField);
    }
    subfilter.rangedBy = range;
    subfilter.slotHandle = byField.subfilters.add(subfilter, range);
  }

  void removeRanged(Subfilter subfilter) {
    for (int i = 0; i < ranged.size(); i++) {
      Ranged byField = ranged.get(i);
      if (byField.field.equals(subfilter.rangedBy.field())) {
        byField.subfilters.remove(subfilter.slotHandle);
        if (byField.subfilters.isEmpty()) {
          ranged.remove(i);
        }
        break;
      }
    }
    if (ranged.isEmpty()) {
      ranged = null;
    }
  }

  /** O(1) removal: the last driven sub-filter takes the freed slot. */
  void removeDriven(Subfilter subfilter) {
    Subfilter last = driven[--drivenCount];
    driven[drivenCount] = null;
    if (last != subfilter) {
      driven[subfilter.slot] = last;
      last.slot = subfilter.slot;
    }
  }

  /** The sub-filters a condition drives that also need a range of {@code field} to hold. */
  static final class Ranged {

    final String field;
    final IntervalSet<Subfilter> subfilters = new IntervalSet<>();

    Ranged(String field) {
      this.field = field;
    }
  }
}
