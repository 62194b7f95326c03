package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * A conjunction stored once per collection and shared by every filter whose DNF contains it. It matches a document
 * when all its positive conditions were found true by the indexes and none of its negated ones was.
 */
final class Subfilter {

  final String key;
  final ConditionEntry[] positives;
  final ConditionEntry[] negatives;
  // Limitation: removing an owner is linear in the number of owners, which is fine while few filters share one
  // conjunction; an identity set would be needed for sub-filters shared by thousands of filters.
  final List<FilterEntry> owners = new ArrayList<>(1);
  /** The condition whose truth makes this sub-filter a candidate; null when it has no positive condition. */
  ConditionEntry driver;
  /** Position in the driver's list (or in the collection's list of driverless sub-filters), for O(1) removal. */
  int slot;

  Subfilter(String key, ConditionEntry[] positives, ConditionEntry[] negatives) {
    this.key = key;
    this.positives = positives;
    this.negatives = negatives;
  }

  boolean matches(long stamp) {
    for (ConditionEntry entry : positives) {
      if (entry.matchedStamp != stamp) {
        return false;
      }
    }
    for (ConditionEntry entry : negatives) {
      if (entry.matchedStamp == stamp) {
        return false;
      }
    }
    return true;
  }
}
