package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Collects the conditions the indexes find true for the current document, each once. */
final class MatchSink implements Consumer<ConditionEntry> {

  final List<ConditionEntry> matched = new ArrayList<>();
  long stamp;

  void reset(long newStamp) {
    stamp = newStamp;
    matched.clear();
  }

  @Override
  public void accept(ConditionEntry entry) {
    add(entry);
  }

  void add(ConditionEntry entry) {
    if (entry.matchedStamp != stamp) {
      entry.matchedStamp = stamp;
      matched.add(entry);
    }
  }
}
