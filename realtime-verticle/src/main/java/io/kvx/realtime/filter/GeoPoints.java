package io.kvx.realtime.filter;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Geopoints in every form Koncorde accepts: {@code [lat, lon]}, {@code "lat, lon"}, a geohash, {@code {lat, lon}},
 * and the same wrapped in {@code {latLon: …}} or {@code {lat_lon: …}}. The same rules read filters and documents.
 */
final class GeoPoints {

  private static final Pattern GEOHASH = Pattern.compile("^[0-9a-z]{4,}$");
  private static final String BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

  private GeoPoints() {
  }

  /** The point as {@code {lat, lon}}, or null when the value is no geopoint or is out of range. */
  static double[] parse(Object value) {
    double[] point = parseAnyForm(value);
    if (point == null || Double.isNaN(point[0]) || Double.isNaN(point[1])) {
      return null;
    }
    return Math.abs(point[0]) <= 90 && Math.abs(point[1]) <= 180 ? point : null;
  }

  private static double[] parseAnyForm(Object value) {
    if (value instanceof String) {
      return fromString((String) value);
    }
    List<Object> list = Values.asList(value);
    if (list != null) {
      return list.size() == 2 ? coordinates(list.get(0), list.get(1)) : null;
    }
    Map<String, Object> map = Values.asMap(value);
    if (map == null) {
      return null;
    }
    if (map.containsKey("lat") && map.containsKey("lon")) {
      return coordinates(map.get("lat"), map.get("lon"));
    }
    Object wrapped = map.containsKey("latLon") ? map.get("latLon") : map.get("lat_lon");
    if (wrapped == null) {
      return null;
    }
    // One level of wrapping only: {latLon: {latLon: …}} is no geopoint.
    Map<String, Object> wrappedMap = Values.asMap(wrapped);
    return wrappedMap != null && !wrappedMap.containsKey("lat") ? null : parseAnyForm(wrapped);
  }

  private static double[] fromString(String value) {
    String[] parts = value.split(",", -1);
    if (parts.length == 2) {
      return coordinates(parts[0], parts[1]);
    }
    return GEOHASH.matcher(value).matches() ? decodeGeohash(value) : null;
  }

  private static double[] coordinates(Object lat, Object lon) {
    Double latitude = number(lat);
    Double longitude = number(lon);
    return latitude == null || longitude == null ? null : new double[] {latitude, longitude};
  }

  private static Double number(Object value) {
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof String) {
      try {
        return Double.parseDouble(((String) value).trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** The centre of the geohash cell, or null when a character is not in the geohash alphabet. */
  static double[] decodeGeohash(String hash) {
    double[] lat = {-90, 90};
    double[] lon = {-180, 180};
    boolean even = true;
    for (int i = 0; i < hash.length(); i++) {
      int bits = BASE32.indexOf(hash.charAt(i));
      if (bits < 0) {
        return null;
      }
      for (int mask = 16; mask > 0; mask >>= 1) {
        double[] interval = even ? lon : lat;
        double mid = (interval[0] + interval[1]) / 2;
        interval[(bits & mask) != 0 ? 0 : 1] = mid;
        even = !even;
      }
    }
    return new double[] {(lat[0] + lat[1]) / 2, (lon[0] + lon[1]) / 2};
  }
}
