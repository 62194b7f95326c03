package io.kvx.realtime.filter;

import java.util.HashMap;
import java.util.Map;

/**
 * An index keeping one structure per document field ({@code S}), probed with the value of each field the document
 * has. Subclasses say what the structure is and how a value probes it; this class keeps the map, creates a
 * structure on a field's first condition and drops it with the last.
 */
abstract class PerFieldIndex<S> implements ConditionIndex {

  private final Map<String, S> byField = new HashMap<>();

  abstract S create();

  abstract void add(S structure, ConditionEntry entry);

  abstract void remove(S structure, ConditionEntry entry);

  abstract boolean isEmpty(S structure);

  /** Hands the sink the conditions of {@code structure} that the field's {@code value} makes true. */
  abstract void probe(S structure, Object value, FlatDocument document, MatchSink sink);

  @Override
  public final void add(ConditionEntry entry) {
    add(byField.computeIfAbsent(entry.condition.field(), f -> create()), entry);
  }

  @Override
  public final void remove(ConditionEntry entry) {
    S structure = byField.get(entry.condition.field());
    remove(structure, entry);
    if (isEmpty(structure)) {
      byField.remove(entry.condition.field());
    }
  }

  @Override
  public final void collect(FlatDocument document, MatchSink sink) {
    if (byField.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Object> field : document.entries()) {
      S structure = byField.get(field.getKey());
      if (structure != null) {
        probe(structure, field.getValue(), document, sink);
      }
    }
  }
}
