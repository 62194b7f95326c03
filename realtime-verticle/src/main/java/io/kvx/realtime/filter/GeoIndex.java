package io.kvx.realtime.filter;

import java.util.HashMap;
import java.util.Map;

/** The geo keywords: a {@link GeoGrid} per field, probed with the geopoint each such field of the document holds. */
final class GeoIndex implements ConditionIndex {

  private final Map<String, GeoGrid> byField = new HashMap<>();

  @Override
  public void add(ConditionEntry entry) {
    byField.computeIfAbsent(entry.condition.field(), f -> new GeoGrid()).add(entry);
  }

  @Override
  public void remove(ConditionEntry entry) {
    GeoGrid grid = byField.get(entry.condition.field());
    grid.remove(entry);
    if (grid.isEmpty()) {
      byField.remove(entry.condition.field());
    }
  }

  @Override
  public void collect(FlatDocument document, MatchSink sink) {
    if (byField.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Object> field : document.entries()) {
      GeoGrid grid = byField.get(field.getKey());
      double[] point = grid == null ? null : GeoPoints.parse(field.getValue());
      if (point != null) {
        grid.collect(point[0], point[1], sink);
      }
    }
  }
}
