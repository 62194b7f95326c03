package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sub-filters and conditions of one index and collection, shared between filters.
 *
 * <p>Matching. Each sub-filter has one positive condition as its <em>driver</em>, chosen at creation as the least
 * shared one (the most selective, presumably). Only conditions that drive some sub-filter are in the operator
 * indexes. For a document, the indexes find the true driving conditions (each evaluated once), and only the
 * sub-filters they drive become candidates. A candidate then checks its other conditions: positive ones must hold,
 * negated ones must not; a condition that drives nothing is evaluated directly, at most once per document however
 * many candidates share it. So negations are only ever evaluated for conjunctions whose driver already matched, and a
 * broad condition shared by many sub-filters costs nothing unless a candidate needs it: the cost follows the
 * candidates, not the number of filters. Sub-filters without a positive condition (only negations, or the
 * match-everything conjunction) are candidates for every document: they usually match it anyway.
 */
// Limitation: a driver is chosen once, from the reference counts at creation; sub-filters registered before a
// condition became broad keep it as driver. Re-electing drivers when counts change a lot would fix that.
final class CollectionStore {

  private static final Comparator<ConditionEntry> DRIVER_ORDER = Comparator
    .comparingInt((ConditionEntry e) -> e.positiveReferences)
    .thenComparingInt(e -> Indexes.selectivityRank(e.condition))
    .thenComparing(e -> e.key);

  /** The engine's key for this store's index and collection. */
  final Object key;
  private final Map<String, ConditionEntry> conditions = new HashMap<>();
  private final Map<String, Subfilter> subfilters = new HashMap<>();
  private final List<Subfilter> driverless = new ArrayList<>();
  private final Indexes indexes = new Indexes();
  private final MatchSink sink = new MatchSink();
  private long stamp;
  /** Candidate sub-filters checked since creation: a cost measure for tests. */
  private long checks;

  CollectionStore(Object key) {
    this.key = key;
  }

  Subfilter acquire(Conjunction conjunction, FilterEntry owner) {
    Subfilter subfilter = subfilters.computeIfAbsent(conjunction.key(), key -> create(conjunction));
    subfilter.owners.add(owner);
    return subfilter;
  }

  void release(Subfilter subfilter, FilterEntry owner) {
    subfilter.owners.remove(owner);
    if (!subfilter.owners.isEmpty()) {
      return;
    }
    subfilters.remove(subfilter.key);
    if (subfilter.driver == null) {
      Subfilter last = driverless.remove(driverless.size() - 1);
      if (last != subfilter) {
        driverless.set(subfilter.slot, last);
        last.slot = subfilter.slot;
      }
    } else {
      subfilter.driver.removeDriven(subfilter);
      if (subfilter.driver.driven.isEmpty()) {
        subfilter.driver.indexed = false;
        indexes.remove(subfilter.driver);
      }
    }
    for (ConditionEntry entry : subfilter.positives) {
      entry.positiveReferences--;
      release(entry);
    }
    for (ConditionEntry entry : subfilter.negatives) {
      release(entry);
    }
  }

  /** The filters matching the document, each once, in no particular order. */
  List<FilterId> test(FlatDocument document) {
    sink.reset(++stamp);
    indexes.collect(document, sink);
    List<FilterId> result = new ArrayList<>();
    for (ConditionEntry entry : sink.matched) {
      for (Subfilter subfilter : entry.driven) {
        check(subfilter, document, result);
      }
    }
    for (Subfilter subfilter : driverless) {
      check(subfilter, document, result);
    }
    return result;
  }

  boolean isEmpty() {
    return subfilters.isEmpty();
  }

  int subfilterCount() {
    return subfilters.size();
  }

  int conditionCount() {
    return conditions.size();
  }

  long checks() {
    return checks;
  }

  private void check(Subfilter subfilter, FlatDocument document, List<FilterId> result) {
    checks++;
    if (!subfilter.matches(stamp, document)) {
      return;
    }
    for (FilterEntry owner : subfilter.owners) {
      if (owner.matchedStamp != stamp) {
        owner.matchedStamp = stamp;
        result.add(owner.id);
      }
    }
  }

  private Subfilter create(Conjunction conjunction) {
    List<ConditionEntry> positives = new ArrayList<>();
    List<ConditionEntry> negatives = new ArrayList<>();
    for (Literal literal : conjunction.literals()) {
      ConditionEntry entry = acquire(literal);
      (literal.negated() ? negatives : positives).add(entry);
    }
    ConditionEntry driver = positives.stream().min(DRIVER_ORDER).orElse(null);
    positives.remove(driver);
    if (driver != null) {
      positives.add(0, driver);
    }
    Subfilter subfilter = new Subfilter(conjunction.key(), positives.toArray(new ConditionEntry[0]),
      negatives.toArray(new ConditionEntry[0]), driver);
    positives.forEach(entry -> entry.positiveReferences++);
    if (driver == null) {
      subfilter.slot = driverless.size();
      driverless.add(subfilter);
      return subfilter;
    }
    if (!driver.indexed) {
      driver.indexed = true;
      indexes.add(driver);
    }
    driver.addDriven(subfilter);
    return subfilter;
  }

  private ConditionEntry acquire(Literal literal) {
    ConditionEntry entry = conditions.computeIfAbsent(literal.conditionKey(),
      key -> new ConditionEntry(literal.condition(), key));
    entry.references++;
    return entry;
  }

  private void release(ConditionEntry entry) {
    if (--entry.references == 0) {
      conditions.remove(entry.key);
    }
  }
}
