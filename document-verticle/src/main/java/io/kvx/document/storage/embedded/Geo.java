package io.kvx.document.storage.embedded;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Geo points and distances written the ways Elasticsearch accepts them. */
final class Geo {

  private static final Pattern LAT_LON = Pattern.compile("\\s*(-?[\\d.]+)\\s*,\\s*(-?[\\d.]+)\\s*");
  private static final Pattern WKT_POINT = Pattern.compile("\\s*POINT\\s*\\(\\s*(-?[\\d.]+)\\s+(-?[\\d.]+)\\s*\\)\\s*",
    Pattern.CASE_INSENSITIVE);
  private static final Pattern DISTANCE = Pattern.compile(
    "\\s*(\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)\\s*([a-zA-Z]*)\\s*");
  /** Metres in one unit, for every unit name Elasticsearch's DistanceUnit knows. */
  private static final Map<String, Double> UNITS = Map.ofEntries(Map.entry("mm", 0.001),
    Map.entry("millimeters", 0.001), Map.entry("cm", 0.01), Map.entry("centimeters", 0.01), Map.entry("m", 1.0),
    Map.entry("meters", 1.0), Map.entry("km", 1000.0), Map.entry("kilometers", 1000.0), Map.entry("in", 0.0254),
    Map.entry("inch", 0.0254), Map.entry("ft", 0.3048), Map.entry("feet", 0.3048), Map.entry("yd", 0.9144),
    Map.entry("yards", 0.9144), Map.entry("mi", 1609.344), Map.entry("miles", 1609.344),
    Map.entry("nmi", 1852.0), Map.entry("nauticalmiles", 1852.0));

  private Geo() {
  }

  record Point(double lat, double lon) {
  }

  /** One point: {@code {lat, lon}}, {@code "lat,lon"}, {@code "POINT (lon lat)"} or {@code [lon, lat]}. */
  static Point point(Object value) {
    if (value instanceof JsonObject object && object.containsKey("lat") && object.containsKey("lon")) {
      return new Point(number(object.getValue("lat")), number(object.getValue("lon")));
    }
    if (value instanceof JsonArray array && (array.size() == 2 || array.size() == 3)) {
      return new Point(number(array.getValue(1)), number(array.getValue(0)));
    }
    if (value instanceof String text) {
      Matcher latLon = LAT_LON.matcher(text);
      if (latLon.matches()) {
        return new Point(Double.parseDouble(latLon.group(1)), Double.parseDouble(latLon.group(2)));
      }
      Matcher wkt = WKT_POINT.matcher(text);
      if (wkt.matches()) {
        return new Point(Double.parseDouble(wkt.group(2)), Double.parseDouble(wkt.group(1)));
      }
    }
    // Limitation: geohash strings are not read as points; decoding the base-32 cells would add them.
    throw new IllegalArgumentException("failed to parse geo point [" + value + "]");
  }

  /** The points of a {@code geo_point} field's value: one point, or an array of points. */
  static List<Point> points(Object value) {
    List<Point> points = new ArrayList<>();
    if (value instanceof JsonArray array && !array.isEmpty() && !(array.getValue(0) instanceof Number)) {
      for (Object item : array) {
        if (item != null) {
          points.add(point(item));
        }
      }
    } else {
      points.add(point(value));
    }
    return points;
  }

  /** Metres in a distance such as {@code "12km"}, {@code "3.5 mi"} or a plain number of metres. */
  static double meters(Object value) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    Matcher m = DISTANCE.matcher(String.valueOf(value));
    if (!m.matches()) {
      throw new IllegalArgumentException("failed to parse distance [" + value + "]");
    }
    return Double.parseDouble(m.group(1)) * unit(m.group(2).isEmpty() ? "m" : m.group(2));
  }

  /** Metres in one {@code unit}. */
  static double unit(String unit) {
    String name = unit.equals("NM") ? "nmi" : unit.toLowerCase(Locale.ROOT);
    Double meters = UNITS.get(name);
    if (meters == null) {
      throw new IllegalArgumentException("No distance unit match [" + unit + "]");
    }
    return meters;
  }

  private static double number(Object value) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    return Double.parseDouble(String.valueOf(value).trim());
  }
}
