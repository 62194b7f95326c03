package io.kvx.realtime.filter;

import java.util.HashMap;
import java.util.Map;

/** {@code equals}: field → value → condition; one hash lookup per scalar field of the document. */
final class EqualsIndex implements ConditionIndex {

  private final Map<String, Map<Object, ConditionEntry>> byField = new HashMap<>();

  @Override
  public void add(ConditionEntry entry) {
    EqualsCondition condition = (EqualsCondition) entry.condition;
    byField.computeIfAbsent(condition.field(), f -> new HashMap<>()).put(condition.value(), entry);
  }

  @Override
  public void remove(ConditionEntry entry) {
    EqualsCondition condition = (EqualsCondition) entry.condition;
    Map<Object, ConditionEntry> values = byField.get(condition.field());
    values.remove(condition.value());
    if (values.isEmpty()) {
      byField.remove(condition.field());
    }
  }

  @Override
  public void collect(FlatDocument document, MatchSink sink) {
    if (byField.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Object> field : document.entries()) {
      Map<Object, ConditionEntry> values = byField.get(field.getKey());
      if (values != null && Values.isScalar(field.getValue())) {
        ConditionEntry entry = values.get(field.getValue());
        if (entry != null) {
          sink.add(entry);
        }
      }
    }
  }
}
