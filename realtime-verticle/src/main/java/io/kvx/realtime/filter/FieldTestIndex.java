package io.kvx.realtime.filter;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Conditions that cannot be looked up by value ({@code regexp}, {@code match}, {@code select}): grouped by field and
 * tested only when the document has the field. Each distinct condition (one compiled pattern per regexp) is tested
 * once per document whatever the number of filters sharing it.
 */
// Limitation: match and select conditions on one field are all tested when the field is present; a value index for
// scalar match values would make many match filters on one field cheaper.
final class FieldTestIndex extends PerFieldIndex<Set<ConditionEntry>> {

  @Override
  Set<ConditionEntry> create() {
    return new LinkedHashSet<>();
  }

  @Override
  void add(Set<ConditionEntry> entries, ConditionEntry entry) {
    entries.add(entry);
  }

  @Override
  void remove(Set<ConditionEntry> entries, ConditionEntry entry) {
    entries.remove(entry);
  }

  @Override
  boolean isEmpty(Set<ConditionEntry> entries) {
    return entries.isEmpty();
  }

  @Override
  void probe(Set<ConditionEntry> entries, Object value, FlatDocument document, MatchSink sink) {
    for (ConditionEntry entry : entries) {
      if (entry.condition.test(document)) {
        sink.add(entry);
      }
    }
  }
}
