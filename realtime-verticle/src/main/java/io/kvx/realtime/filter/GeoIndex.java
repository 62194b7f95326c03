package io.kvx.realtime.filter;

/** The geo keywords: a {@link GeoGrid} per field, probed with the geopoint each such field of the document holds. */
final class GeoIndex extends PerFieldIndex<GeoGrid> {

  @Override
  GeoGrid create() {
    return new GeoGrid();
  }

  @Override
  void add(GeoGrid grid, ConditionEntry entry) {
    grid.add(entry);
  }

  @Override
  void remove(GeoGrid grid, ConditionEntry entry) {
    grid.remove(entry);
  }

  @Override
  boolean isEmpty(GeoGrid grid) {
    return grid.isEmpty();
  }

  @Override
  void probe(GeoGrid grid, Object value, FlatDocument document, MatchSink sink) {
    double[] point = GeoPoints.parse(value);
    if (point != null) {
      grid.collect(point[0], point[1], sink);
    }
  }
}
