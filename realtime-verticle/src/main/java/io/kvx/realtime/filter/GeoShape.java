package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * A normalized geo shape: coordinates in degrees, distances in meters. {@link #boxes()} gives latitude/longitude
 * boxes covering the shape (two when it crosses the antimeridian), for the spatial index; {@link #contains} is the
 * exact test.
 */
interface GeoShape {

  /** WGS84 semi-major axis (equatorial radius), in meters. */
  double WGS84_A = 6_378_137.0;
  /** WGS84 flattening, from the semi-minor axis Boost.Geometry uses (6,356,752.3142451793 m). */
  double WGS84_F = (WGS84_A - 6_356_752.3142451793) / WGS84_A;
  /**
   * The smallest radius of curvature of the WGS84 ellipsoid (meridian, at the equator: a(1 - e²)), in meters: a
   * covering box computed with it is never short of the shape.
   */
  double MIN_CURVATURE_RADIUS = WGS84_A * (1 - WGS84_F) * (1 - WGS84_F);

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

  /**
   * {@code geoDistance} (from = -1) and {@code geoDistanceRange}: the distance within [from, to], with Koncorde's
   * distance (see {@link GeoShape#distance}) and Koncorde's pre-selection: its spatial index only considers points
   * within to / a radians of latitude and to / (a cos lat) radians of longitude of the centre (a the equatorial
   * radius), which cuts about 0.15 % off a circle's northern and southern edges at mid latitudes; KVX cuts them the
   * same way.
   */
  // Limitation: that pre-selection box is only reproduced when it crosses neither a pole nor the antimeridian; there
  // Koncorde's box (Boost.Geometry's own wrapping rules) may keep or drop edge points differently.
  record Circle(double lat, double lon, double from, double to) implements GeoShape {

    @Override
    public String key() {
      return from < 0 ? "distance(" + Values.numbers(lat, lon, to) + ")"
        : "distanceRange(" + Values.numbers(lat, lon, from, to) + ")";
    }

    @Override
    public boolean contains(double pointLat, double pointLon) {
      if (!inKoncordeBox(pointLat, pointLon)) {
        return false;
      }
      double distance = distance(lat, lon, pointLat, pointLon);
      return distance <= to && distance >= from;
    }

    private boolean inKoncordeBox(double pointLat, double pointLon) {
      double halfHeight = Math.toDegrees(to / WGS84_A);
      double halfWidth = Math.toDegrees(to / (WGS84_A * Math.cos(Math.toRadians(lat))));
      if (lat - halfHeight < -90 || lat + halfHeight > 90 || !(halfWidth < 180)
          || lon - halfWidth < -180 || lon + halfWidth > 180) {
        return true;
      }
      return Math.abs(pointLat - lat) <= halfHeight && Math.abs(pointLon - lon) <= halfWidth;
    }

    @Override
    public List<double[]> boxes() {
      // Bounding coordinates of a spherical cap (J. P. Matuschek) on a sphere of the ellipsoid's smallest radius of
      // curvature, so larger than the ellipsoidal circle, and widened a little against rounding.
      double angular = to / MIN_CURVATURE_RADIUS;
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

  /**
   * The distance in meters Koncorde computes (Boost.Geometry's default for geographic points): the great-circle angle
   * with Andoyer's first-order correction for the flattening of the WGS84 ellipsoid, an approximation of the
   * geodesic that is much closer to it than any sphere.
   */
  static double distance(double lat1, double lon1, double lat2, double lon2) {
    if (lat1 == lat2 && lon1 == lon2) {
      return 0;
    }
    double sinLat1 = Math.sin(Math.toRadians(lat1));
    double sinLat2 = Math.sin(Math.toRadians(lat2));
    double cosAngle = sinLat1 * sinLat2
      + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.cos(Math.toRadians(lon2 - lon1));
    cosAngle = Math.max(-1, Math.min(1, cosAngle));
    double angle = Math.acos(cosAngle);
    double threeSin = 3 * Math.sin(angle);
    double h = cosAngle == 1 ? 0 : (angle + threeSin) / (1 - cosAngle);
    double g = cosAngle == -1 ? 0 : (angle - threeSin) / (1 + cosAngle);
    double k = (sinLat1 - sinLat2) * (sinLat1 - sinLat2);
    double l = (sinLat1 + sinLat2) * (sinLat1 + sinLat2);
    return WGS84_A * (angle - WGS84_F / 4 * (h * k + g * l));
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
