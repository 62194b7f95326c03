package io.kvx.realtime.filter;

import java.util.HashMap;
import java.util.Map;

/** {@code range}: an {@link IntervalSet} per field, stabbed with each numeric field of the document. */
final class RangeIndex implements ConditionIndex {

  private final Map<String, IntervalSet> byField = new HashMap<>();

  @Override
  public void add(ConditionEntry entry) {
    byField.computeIfAbsent(entry.condition.field(), f -> new IntervalSet()).add(entry);
  }

  @Override
  public void remove(ConditionEntry entry) {
    IntervalSet set = byField.get(entry.condition.field());
    set.remove(entry);
    if (set.isEmpty()) {
      byField.remove(entry.condition.field());
    }
  }

  @Override
  public void collect(FlatDocument document, MatchSink sink) {
    if (byField.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Object> field : document.entries()) {
      if (field.getValue() instanceof Double) {
        IntervalSet set = byField.get(field.getKey());
        if (set != null) {
          set.stab((Double) field.getValue(), sink);
        }
      }
    }
  }
}
