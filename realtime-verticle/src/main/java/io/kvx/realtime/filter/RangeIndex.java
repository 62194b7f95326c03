package io.kvx.realtime.filter;

/** {@code range}: an {@link IntervalSet} per field, stabbed with each numeric field of the document. */
final class RangeIndex extends PerFieldIndex<IntervalSet<ConditionEntry>> {

  @Override
  IntervalSet<ConditionEntry> create() {
    return new IntervalSet<>();
  }

  @Override
  void add(IntervalSet<ConditionEntry> set, ConditionEntry entry) {
    entry.indexHandle = set.add(entry, (RangeCondition) entry.condition);
  }

  @Override
  void remove(IntervalSet<ConditionEntry> set, ConditionEntry entry) {
    set.remove(entry.indexHandle);
    entry.indexHandle = null;
  }

  @Override
  boolean isEmpty(IntervalSet<ConditionEntry> set) {
    return set.isEmpty();
  }

  @Override
  void probe(IntervalSet<ConditionEntry> set, Object value, FlatDocument document, MatchSink sink) {
    if (value instanceof Double number) {
      set.stab(number, sink);
    }
  }
}
