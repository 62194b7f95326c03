package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * A normalized geo shape: coordinates in degrees, distances in meters. {@link #boxes()} gives latitude/longitude
 * boxes covering the shape (two when it crosses the antimeridian), for the spatial index; {@link #contains} is the
 * exact test.
 */
interface GeoShape {

  /** Mean Earth radius in meters (IUGG), used for great-circle distances. */
  double EARTH_RADIUS = 6_371_008.8;

  String key();

  boolean contains(double lat, double lon);

  /** Covering boxes as {@code {south, west, north, east}} with {@code west <= east}. */
  List<double[]> boxes();

  /** {@code geoBoundingBox}; {@code left > right} means the box crosses the antimeridian. */
  record Box(double top, double left, double bottom, double right) implements GeoShape {

    @Override
    public String key() {
      return "box(" + Values.numbers(top, left, bottom, right) + ")";
    }

    @Override
    public boolean contains(double lat, double lon) {
      boolean inLon = left <= right ? lon >= left && lon <= right : lon >= left || lon <= right;
      return lat >= bottom && lat <= top && inLon;
    }

    @Override
    public List<double[]> boxes() {
      if (left <= right) {
        return List.of(new double[] {bottom, left, top, right});
      }
      return List.of(new double[] {bottom, left, top, 180}, new double[] {bottom, -180, top, right});
    }
  }

  /** {@code geoDistance} (from = -1) and {@code geoDistanceRange}: from ≤ distance ≤ to. */
  record Circle(double lat, double lon, double from, double to) implements GeoShape {

    @Override
    public String key() {
      return from < 0 ? "distance(" + Values.numbers(lat, lon, to) + ")"
        : "distanceRange(" + Values.numbers(lat, lon, from, to) + ")";
    }

    @Override
    public boolean contains(double pointLat, double pointLon) {
      double distance = distance(lat, lon, pointLat, pointLon);
      return distance <= to && distance >= from;
    }

    @Override
    public List<double[]> boxes() {
      // Bounding coordinates of a spherical cap (J. P. Matuschek), widened a little against rounding.
      double angular = to / EARTH_RADIUS;
      double margin = 1e-6;
      double south = lat - Math.toDegrees(angular) - margin;
      double north = lat + Math.toDegrees(angular) + margin;
      if (south <= -90 || north >= 90) {
        return List.of(new double[] {Math.max(south, -90), -180, Math.min(north, 90), 180});
      }
      double ratio = Math.sin(angular) / Math.cos(Math.toRadians(lat));
      if (ratio >= 1) {
        return List.of(new double[] {south, -180, north, 180});
      }
      double delta = Math.toDegrees(Math.asin(ratio)) + margin;
      return lonSpan(south, north, lon - delta, lon + delta);
    }
  }

  /** {@code geoPolygon}, tested in the plane of latitude and longitude (even-odd rule). */
  // Limitation: edges are straight lines in latitude/longitude, not great circles, and a polygon cannot cross the
  // antimeridian (its bounding box would be the wrong way round); splitting such polygons would lift the latter.
  record Polygon(double[] lats, double[] lons) implements GeoShape {

    @Override
    public String key() {
      StringBuilder key = new StringBuilder("polygon(");
      for (int i = 0; i < lats.length; i++) {
        key.append(Values.numbers(lats[i], lons[i])).append(';');
      }
      return key.append(')').toString();
    }

    @Override
    public boolean contains(double lat, double lon) {
      boolean inside = false;
      for (int i = 0, j = lats.length - 1; i < lats.length; j = i++) {
        boolean crosses = lats[i] > lat != lats[j] > lat;
        if (crosses && lon < (lons[j] - lons[i]) * (lat - lats[i]) / (lats[j] - lats[i]) + lons[i]) {
          inside = !inside;
        }
      }
      return inside;
    }

    @Override
    public List<double[]> boxes() {
      double south = 90;
      double north = -90;
      double west = 180;
      double east = -180;
      for (int i = 0; i < lats.length; i++) {
        south = Math.min(south, lats[i]);
        north = Math.max(north, lats[i]);
        west = Math.min(west, lons[i]);
        east = Math.max(east, lons[i]);
      }
      return List.of(new double[] {south, west, north, east});
    }
  }

  /** Great-circle distance in meters (haversine). */
  static double distance(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
      + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  private static List<double[]> lonSpan(double south, double north, double west, double east) {
    List<double[]> boxes = new ArrayList<>(2);
    if (west < -180) {
      boxes.add(new double[] {south, west + 360, north, 180});
      boxes.add(new double[] {south, -180, north, east});
    } else if (east > 180) {
      boxes.add(new double[] {south, west, north, 180});
      boxes.add(new double[] {south, -180, north, east - 360});
    } else {
      boxes.add(new double[] {south, west, north, east});
    }
    return boxes;
  }
}
