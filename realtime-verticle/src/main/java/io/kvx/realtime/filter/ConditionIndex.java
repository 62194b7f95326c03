package io.kvx.realtime.filter;

/** An index over the conditions of one kind in one collection. */
interface ConditionIndex {

  void add(ConditionEntry entry);

  void remove(ConditionEntry entry);

  /** Hands the sink every indexed condition that is true for the document. */
  void collect(FlatDocument document, MatchSink sink);
}
