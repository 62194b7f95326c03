package io.kvx.realtime.filter;

/** {@code range}: an {@link IntervalSet} per field, stabbed with each numeric field of the document. */
final class RangeIndex extends PerFieldIndex<IntervalSet> {

  @Override
  IntervalSet create() {
    return new IntervalSet();
  }

  @Override
  void add(IntervalSet set, ConditionEntry entry) {
    set.add(entry);
  }

  @Override
  void remove(IntervalSet set, ConditionEntry entry) {
    set.remove(entry);
  }

  @Override
  boolean isEmpty(IntervalSet set) {
    return set.isEmpty();
  }

  @Override
  void probe(IntervalSet set, Object value, FlatDocument document, MatchSink sink) {
    if (value instanceof Double number) {
      set.stab(number, sink);
    }
  }
}
