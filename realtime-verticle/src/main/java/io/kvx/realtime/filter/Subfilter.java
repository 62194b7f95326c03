package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * A conjunction stored once per collection and shared by every filter whose DNF contains it. It matches a document
 * when all its positive conditions hold and none of its negated ones does.
 */
final class Subfilter {

  final String key;
  final ConditionEntry[] positives;
  final ConditionEntry[] negatives;
  /** Whether the driver is the only literal: the sub-filter holds whenever it is a candidate. */
  final boolean driverOnly;
  /** The first owner (null once the last is gone); the usual sub-filter has only this one. */
  FilterEntry owner;
  // Limitation: removing an owner is linear in the number of owners, which is fine while few filters share one
  // conjunction; an identity set would be needed for sub-filters shared by thousands of filters.
  /** The owners after the first; null while there are none. */
  List<FilterEntry> moreOwners;
  /** The condition whose truth makes this sub-filter a candidate; null when it has no positive condition. */
  final ConditionEntry driver;
  /** Position in the driver's list (or in the collection's list of driverless sub-filters), for O(1) removal. */
  int slot;
  /** The positive range under which the driver holds this sub-filter, or null when it is in the driver's list. */
  RangeCondition rangedBy;
  /** The interval set's handle when {@code rangedBy} is set. */
  Object slotHandle;

  Subfilter(String key, ConditionEntry[] positives, ConditionEntry[] negatives, ConditionEntry driver) {
    this.key = key;
    this.positives = positives;
    this.negatives = negatives;
    this.driver = driver;
    this.driverOnly = driver != null && positives.length == 1 && negatives.length == 0;
  }

  void addOwner(FilterEntry entry) {
    if (owner == null) {
      owner = entry;
      return;
    }
    if (moreOwners == null) {
      moreOwners = new ArrayList<>(1);
    }
    moreOwners.add(entry);
  }

  void removeOwner(FilterEntry entry) {
    if (owner == entry) {
      owner = moreOwners == null ? null : moreOwners.remove(moreOwners.size() - 1);
    } else if (moreOwners != null) {
      moreOwners.remove(entry);
    }
    if (moreOwners != null && moreOwners.isEmpty()) {
      moreOwners = null;
    }
  }

  /** Whether all positive conditions hold and no negated one does; the driver comes first among the positives. */
  boolean matches(long stamp, FlatDocument document) {
    if (driverOnly) {
      return true;
    }
    for (ConditionEntry entry : positives) {
      if (!entry.holds(stamp, document)) {
        return false;
      }
    }
    for (ConditionEntry entry : negatives) {
      if (entry.holds(stamp, document)) {
        return false;
      }
    }
    return true;
  }
}
