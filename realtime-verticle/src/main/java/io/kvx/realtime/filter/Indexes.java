package io.kvx.realtime.filter;

import java.util.List;

/** The operator indexes of one collection, and which one holds each kind of condition. */
final class Indexes {

  private final EqualsIndex equals = new EqualsIndex();
  private final ExistsIndex exists = new ExistsIndex();
  private final RangeIndex range = new RangeIndex();
  private final GeoIndex geo = new GeoIndex();
  private final FieldTestIndex tested = new FieldTestIndex();
  private final List<ConditionIndex> all = List.of(equals, exists, range, geo, tested);

  void add(ConditionEntry entry) {
    indexOf(entry.condition).add(entry);
  }

  void remove(ConditionEntry entry) {
    indexOf(entry.condition).remove(entry);
  }

  void collect(FlatDocument document, MatchSink sink) {
    for (ConditionIndex index : all) {
      index.collect(document, sink);
    }
  }

  private ConditionIndex indexOf(Condition condition) {
    if (condition instanceof EqualsCondition) {
      return equals;
    }
    if (condition instanceof ExistsCondition) {
      return exists;
    }
    if (condition instanceof RangeCondition) {
      return range;
    }
    return condition instanceof GeoCondition ? geo : tested;
  }

  /**
   * The first criterion for choosing a sub-filter's driver: 0 for conditions found by one hash lookup per field
   * ({@code equals}, {@code exists}), 1 for ranges and geo shapes (often broad), 2 for conditions tested one by one.
   */
  static int tier(Condition condition) {
    if (condition instanceof EqualsCondition || condition instanceof ExistsCondition) {
      return 0;
    }
    return condition instanceof RangeCondition || condition instanceof GeoCondition ? 1 : 2;
  }

  /** How selective a kind of condition usually is (lower is more selective), to choose a sub-filter's driver. */
  static int selectivityRank(Condition condition) {
    if (condition instanceof EqualsCondition) {
      return 0;
    }
    if (condition instanceof ExistsCondition) {
      return ((ExistsCondition) condition).array() ? 1 : 6;
    }
    if (condition instanceof GeoCondition) {
      return 2;
    }
    return condition instanceof RangeCondition ? 3 : 4;
  }
}
