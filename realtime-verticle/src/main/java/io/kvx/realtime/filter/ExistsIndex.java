package io.kvx.realtime.filter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code exists}: field → condition, and field → array value → condition for {@code exists "f[v]"}. */
final class ExistsIndex implements ConditionIndex {

  private final Map<String, ConditionEntry> plain = new HashMap<>();
  private final Map<String, Map<Object, ConditionEntry>> arrays = new HashMap<>();

  @Override
  public void add(ConditionEntry entry) {
    ExistsCondition condition = (ExistsCondition) entry.condition;
    if (condition.array()) {
      arrays.computeIfAbsent(condition.field(), f -> new HashMap<>()).put(condition.value(), entry);
    } else {
      plain.put(condition.field(), entry);
    }
  }

  @Override
  public void remove(ConditionEntry entry) {
    ExistsCondition condition = (ExistsCondition) entry.condition;
    if (!condition.array()) {
      plain.remove(condition.field());
      return;
    }
    Map<Object, ConditionEntry> values = arrays.get(condition.field());
    values.remove(condition.value());
    if (values.isEmpty()) {
      arrays.remove(condition.field());
    }
  }

  @Override
  public void collect(FlatDocument document, MatchSink sink) {
    if (plain.isEmpty() && arrays.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Object> field : document.entries()) {
      ConditionEntry entry = plain.get(field.getKey());
      if (entry != null) {
        sink.add(entry);
      }
      Map<Object, ConditionEntry> values = arrays.get(field.getKey());
      if (values != null && field.getValue() instanceof List) {
        for (Object element : (List<?>) field.getValue()) {
          ConditionEntry arrayEntry = Values.isScalar(element) ? values.get(element) : null;
          if (arrayEntry != null) {
            sink.add(arrayEntry);
          }
        }
      }
    }
  }
}
