package io.kvx.realtime.filter;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Conditions that cannot be looked up by value ({@code regexp}, {@code match}, {@code select}): grouped by field and
 * tested only when the document has the field. Each distinct condition (one compiled pattern per regexp) is tested
 * once per document whatever the number of filters sharing it.
 */
// Limitation: match and select conditions on one field are all tested when the field is present; a value index for
// scalar match values would make many match filters on one field cheaper.
final class FieldTestIndex implements ConditionIndex {

  private final Map<String, Set<ConditionEntry>> byField = new HashMap<>();

  @Override
  public void add(ConditionEntry entry) {
    byField.computeIfAbsent(entry.condition.field(), f -> new LinkedHashSet<>()).add(entry);
  }

  @Override
  public void remove(ConditionEntry entry) {
    Set<ConditionEntry> entries = byField.get(entry.condition.field());
    entries.remove(entry);
    if (entries.isEmpty()) {
      byField.remove(entry.condition.field());
    }
  }

  @Override
  public void collect(FlatDocument document, MatchSink sink) {
    if (byField.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Object> field : document.entries()) {
      Set<ConditionEntry> entries = byField.get(field.getKey());
      if (entries != null) {
        for (ConditionEntry entry : entries) {
          if (entry.condition.test(document)) {
            sink.add(entry);
          }
        }
      }
    }
  }
}
