package io.kvx.realtime.filter;

/** The geo keywords: the field holds a geopoint (any accepted form) inside the shape. */
record GeoCondition(String field, GeoShape shape) implements Condition {

  @Override
  public String key() {
    return "geo(" + Values.quote(field) + "," + shape.key() + ")";
  }

  @Override
  public boolean test(FlatDocument document) {
    double[] point = GeoPoints.parse(document.get(field));
    return point != null && shape.contains(point[0], point[1]);
  }
}
