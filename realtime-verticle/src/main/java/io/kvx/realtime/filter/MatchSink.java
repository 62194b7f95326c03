package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.List;

/** Collects the conditions the indexes find true for the current document, each once. */
final class MatchSink {

  final List<ConditionEntry> matched = new ArrayList<>();
  long stamp;

  void reset(long newStamp) {
    stamp = newStamp;
    matched.clear();
  }

  void add(ConditionEntry entry) {
    if (entry.matchedStamp != stamp) {
      entry.matchedStamp = stamp;
      matched.add(entry);
    }
  }
}
