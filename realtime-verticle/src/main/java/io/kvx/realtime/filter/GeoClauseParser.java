package io.kvx.realtime.filter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Validates the geo keywords and standardizes them into {@link GeoCondition}s with a {@link GeoShape}. */
final class GeoClauseParser {

  private static final List<String> BOX_SIDES = List.of("top", "left", "bottom", "right");

  private GeoClauseParser() {
  }

  static Node parse(String keyword, Object body, String path) {
    switch (keyword) {
      case "geoBoundingBox":
        return boundingBox(body, path);
      case "geoDistance":
        return distance(body, path);
      case "geoDistanceRange":
        return distanceRange(body, path);
      case "geoPolygon":
        return polygon(body, path);
      default:
        throw new IllegalArgumentException(keyword);
    }
  }

  private static Node boundingBox(Object body, String path) {
    Map<String, Object> filter = DslErrors.objectWith(body, path, 1);
    String field = DslErrors.singleField(filter);
    String fieldPath = DslErrors.path(path, field);
    Map<String, Object> box = camelCase(DslErrors.object(filter.get(field), fieldPath));
    double[] sides = new double[4];
    if (BOX_SIDES.stream().allMatch(side -> box.get(side) instanceof String || box.get(side) instanceof Number)) {
      for (int i = 0; i < 4; i++) {
        sides[i] = coordinate(box.get(BOX_SIDES.get(i)), fieldPath);
      }
    } else {
      double[] topLeft = GeoPoints.parse(box.get("topLeft"));
      double[] bottomRight = GeoPoints.parse(box.get("bottomRight"));
      if (topLeft == null || bottomRight == null) {
        throw DslErrors.error(fieldPath, "unrecognized geo-point format");
      }
      sides = new double[] {topLeft[0], topLeft[1], bottomRight[0], bottomRight[1]};
    }
    if (Math.abs(sides[0]) > 90 || Math.abs(sides[2]) > 90 || Math.abs(sides[1]) > 180 || Math.abs(sides[3]) > 180) {
      throw DslErrors.error(fieldPath, "unrecognized geo-point format");
    }
    return leaf(field, new GeoShape.Box(sides[0], sides[1], sides[2], sides[3]));
  }

  private static double coordinate(Object value, String path) {
    try {
      return value instanceof Number ? ((Number) value).doubleValue() : Double.parseDouble(((String) value).trim());
    } catch (NumberFormatException e) {
      throw DslErrors.error(path, "unrecognized geoBoundingBox format");
    }
  }

  private static Map<String, Object> camelCase(Map<String, Object> map) {
    Map<String, Object> copy = new HashMap<>(map);
    rename(copy, "top_left", "topLeft");
    rename(copy, "bottom_right", "bottomRight");
    return copy;
  }

  private static void rename(Map<String, Object> map, String from, String to) {
    if (map.containsKey(from) && !map.containsKey(to)) {
      map.put(to, map.remove(from));
    }
  }

  private static Node distance(Object body, String path) {
    Map<String, Object> filter = DslErrors.objectWith(body, path, 2);
    DslErrors.require(filter, "distance", path);
    double distance = meters(filter.get("distance"), DslErrors.path(path, "distance"));
    String field = otherField(filter, List.of("distance"));
    double[] point = point(filter.get(field), DslErrors.path(path, field));
    return leaf(field, new GeoShape.Circle(point[0], point[1], -1, distance));
  }

  private static Node distanceRange(Object body, String path) {
    Map<String, Object> filter = DslErrors.objectWith(body, path, 3);
    DslErrors.require(filter, "from", path);
    DslErrors.require(filter, "to", path);
    double from = meters(filter.get("from"), DslErrors.path(path, "from"));
    double to = meters(filter.get("to"), DslErrors.path(path, "to"));
    if (from >= to) {
      throw DslErrors.error(path, "inner radius must be smaller than outer radius");
    }
    String field = otherField(filter, List.of("from", "to"));
    double[] point = point(filter.get(field), DslErrors.path(path, field));
    return leaf(field, new GeoShape.Circle(point[0], point[1], from, to));
  }

  private static Node polygon(Object body, String path) {
    Map<String, Object> filter = DslErrors.objectWith(body, path, 1);
    String field = DslErrors.singleField(filter);
    String fieldPath = DslErrors.path(path, field);
    Map<String, Object> polygon = DslErrors.objectWith(filter.get(field), fieldPath, 1);
    DslErrors.require(polygon, "points", fieldPath);
    String pointsPath = DslErrors.path(fieldPath, "points");
    List<Object> points = DslErrors.nonEmptyArray(polygon.get("points"), pointsPath);
    if (points.size() < 3) {
      throw DslErrors.error(pointsPath, "at least 3 points are required to build a polygon");
    }
    double[] lats = new double[points.size()];
    double[] lons = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      double[] point = GeoPoints.parse(points.get(i));
      if (point == null) {
        throw DslErrors.error(pointsPath, "unrecognized point format \"" + Values.encode(points.get(i)) + "\"");
      }
      lats[i] = point[0];
      lons[i] = point[1];
    }
    return leaf(field, new GeoShape.Polygon(lats, lons));
  }

  private static String otherField(Map<String, Object> filter, List<String> reserved) {
    return filter.keySet().stream().filter(key -> !reserved.contains(key)).findFirst().orElseThrow();
  }

  private static double meters(Object value, String path) {
    if (!(value instanceof String) && !(value instanceof Number)) {
      throw DslErrors.error(path, "must be a string");
    }
    Double meters = Distances.toMeters(value);
    if (meters == null) {
      throw DslErrors.error(path, "unable to parse distance value \"" + value + "\"");
    }
    return meters;
  }

  private static double[] point(Object value, String path) {
    double[] point = GeoPoints.parse(value);
    if (point == null) {
      throw DslErrors.error(path, "unrecognized point format");
    }
    return point;
  }

  private static Node leaf(String field, GeoShape shape) {
    return new Node.Leaf(new GeoCondition(field, shape));
  }
}
