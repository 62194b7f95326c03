package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sub-filters and conditions of one index and collection, shared between filters.
 *
 * <p>Matching. Each sub-filter has one positive condition as its <em>driver</em>, chosen at creation by expected
 * selectivity: hash-indexed conditions ({@code equals}, and {@code in} and {@code ids} rewritten into it,
 * {@code exists}) before ranges and geo shapes, before conditions tested one by one; among those of one tier, the
 * least shared one. Only conditions that drive some sub-filter are in the operator indexes. For a document, the
 * indexes find the true driving conditions (each evaluated once), and only the sub-filters they drive become
 * candidates; a driven sub-filter with a positive range is held by its driver in an interval set of that range, so
 * it becomes a candidate only if the document's value is in the range too ({@code and(equals, range)} costs one
 * stab per matching equals, not one check per conjunction sharing it). A candidate then checks its other
 * conditions: positive ones must hold, negated ones must not; a condition that drives nothing is evaluated directly,
 * at most once per document however many candidates share it. So the cost follows the candidates, not the number of
 * filters. Sub-filters without a positive condition (only negations, or the match-everything conjunction) are
 * candidates for every document: they usually match it anyway.
 *
 * <p>Documents are flattened through {@link FieldPaths}: only the fields some condition reads are looked at.
 */
// Limitation: a driver is chosen once, from the reference counts at creation; sub-filters registered before a
// condition became broad keep it as driver. Re-electing drivers when counts change a lot would fix that.
final class CollectionStore {

  private static final Comparator<ConditionEntry> DRIVER_ORDER = Comparator
    .comparingInt((ConditionEntry e) -> Indexes.tier(e.condition))
    .thenComparingInt(e -> e.positiveReferences)
    .thenComparingInt(e -> Indexes.selectivityRank(e.condition))
    .thenComparing(e -> e.key);

  /** The engine's key for this store's index and collection. */
  final Object key;
  private final Map<String, ConditionEntry> conditions = new HashMap<>();
  private final Map<String, Subfilter> subfilters = new HashMap<>();
  private final List<Subfilter> driverless = new ArrayList<>();
  private final Indexes indexes = new Indexes();
  private final MatchSink sink = new MatchSink();
  private final FieldPaths paths = new FieldPaths();
  private FlatDocument current;
  private List<FilterId> currentResult;
  private final Consumer<Subfilter> candidate = subfilter -> check(subfilter, current, currentResult);
  private long stamp;
  /** Candidate sub-filters checked since creation: a cost measure for tests. */
  private long checks;

  CollectionStore(Object key) {
    this.key = key;
  }

  Subfilter acquire(Conjunction conjunction, FilterEntry owner) {
    Subfilter subfilter = subfilters.computeIfAbsent(conjunction.key(), key -> create(conjunction));
    subfilter.addOwner(owner);
    return subfilter;
  }

  void release(Subfilter subfilter, FilterEntry owner) {
    subfilter.removeOwner(owner);
    if (subfilter.owner != null) {
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
      if (subfilter.rangedBy != null) {
        subfilter.driver.removeRanged(subfilter);
      } else {
        subfilter.driver.removeDriven(subfilter);
      }
      if (!subfilter.driver.drives()) {
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
  List<FilterId> test(Map<String, Object> input) {
    FlatDocument document = paths.flatten(input);
    sink.reset(++stamp);
    indexes.collect(document, sink);
    List<FilterId> result = new ArrayList<>(sink.matched.size() + driverless.size() + 4);
    current = document;
    currentResult = result;
    for (ConditionEntry entry : sink.matched) {
      Subfilter[] driven = entry.driven;
      for (int i = 0; i < entry.drivenCount; i++) {
        check(driven[i], document, result);
      }
      if (entry.ranged != null) {
        for (ConditionEntry.Ranged ranged : entry.ranged) {
          if (document.get(ranged.field) instanceof Double value) {
            ranged.subfilters.stab(value, candidate);
          }
        }
      }
    }
    for (Subfilter subfilter : driverless) {
      check(subfilter, document, result);
    }
    current = null;
    currentResult = null;
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
    FilterEntry owner = subfilter.owner;
    if (owner.matchedStamp != stamp) {
      owner.matchedStamp = stamp;
      result.add(owner.id);
    }
    if (subfilter.moreOwners != null) {
      for (FilterEntry other : subfilter.moreOwners) {
        if (other.matchedStamp != stamp) {
          other.matchedStamp = stamp;
          result.add(other.id);
        }
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
    RangeCondition range = driver.condition instanceof RangeCondition ? null : firstRange(positives);
    if (range == null) {
      driver.addDriven(subfilter);
    } else {
      driver.addRanged(subfilter, range);
    }
    return subfilter;
  }

  private static RangeCondition firstRange(List<ConditionEntry> positives) {
    for (ConditionEntry entry : positives) {
      if (entry.condition instanceof RangeCondition range) {
        return range;
      }
    }
    return null;
  }

  private ConditionEntry acquire(Literal literal) {
    ConditionEntry entry = conditions.computeIfAbsent(literal.conditionKey(), key -> {
      paths.add(literal.condition().field());
      return new ConditionEntry(literal.condition(), key);
    });
    entry.references++;
    return entry;
  }

  private void release(ConditionEntry entry) {
    if (--entry.references == 0) {
      conditions.remove(entry.key);
      paths.remove(entry.condition.field());
    }
  }
}
