package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random filters and documents over a small vocabulary, so that filters and documents collide often: shared
 * values, range bounds hit exactly, geopoints near the antimeridian and the poles, dotted keys.
 */
final class RandomFilters {

  private static final String[] SCALAR_FIELDS = {"a", "b", "n.x"};
  private static final Object[] VALUES = {1, 2, 3, 2.5, "x", "y", "z", true, false, null};
  private static final String[] STRINGS = {"x", "y", "z", "xy"};
  private static final String[] TEXTS = {"x", "xy", "yx", "abc", "xzy", "XY"};
  private static final String[] PATTERNS = {"^x", "y$", "x.*y", "^[a-c]+$"};
  private static final double[][] REGIONS = {{0, 179.9}, {0, -179.9}, {89.9, 0}, {-89.9, 120}, {45, 5}, {0, 0}};

  private final Random random;

  RandomFilters(long seed) {
    this.random = new Random(seed);
  }

  Map<String, Object> filter(int depth) {
    int choice = random.nextInt(depth > 0 ? 16 : 12);
    switch (choice) {
      case 0:
      case 1:
        return Map.of("equals", Map.of(pick(SCALAR_FIELDS), pickNonNull()));
      case 2:
        return Map.of("in", Map.of(pick(SCALAR_FIELDS), List.of(pick(STRINGS), pick(STRINGS))));
      case 3:
        return Map.of(random.nextBoolean() ? "exists" : "missing", existsField());
      case 4:
      case 5:
        return Map.of("range", Map.of(pick(new String[] {"a", "n.x"}), range()));
      case 6:
        return Map.of("regexp", Map.of("s", pick(PATTERNS)));
      case 7:
        return geoBox();
      case 8:
        return geoDistance();
      case 9:
        return geoPolygon();
      case 10:
        return Map.of("match", Map.of("n", Map.of("x", pickNonNull())));
      case 11:
        return select();
      case 12:
        return Map.of("not", filter(depth - 1));
      case 13:
        return Map.of(random.nextBoolean() ? "and" : "or", List.of(filter(depth - 1), filter(depth - 1)));
      case 14:
        return Map.of("or", List.of(filter(depth - 1), filter(depth - 1), filter(depth - 1)));
      default:
        return bool(depth);
    }
  }

  Map<String, Object> document() {
    Map<String, Object> document = new LinkedHashMap<>();
    for (String field : new String[] {"a", "b"}) {
      if (random.nextInt(4) > 0) {
        document.put(field, random.nextInt(8) == 0 ? Arrays.asList(pickNullable(), pickNullable()) : pickNullable());
      }
    }
    if (random.nextInt(3) > 0) {
      Map<String, Object> nested = new LinkedHashMap<>();
      nested.put("x", random.nextBoolean() ? pickNullable() : (double) random.nextInt(12) - 1);
      document.put("n", nested);
    }
    if (random.nextInt(8) == 0) {
      // A dotted key: the same field as n.x, so that some documents spell one path twice.
      document.put("n.x", pickNullable());
    }
    if (random.nextBoolean()) {
      document.put("a", (double) random.nextInt(24) / 2 - 2);
    }
    if (random.nextInt(3) > 0) {
      document.put("s", pick(TEXTS));
    }
    if (random.nextInt(3) > 0) {
      document.put("tags", List.of(pick(STRINGS), random.nextInt(4)));
    }
    if (random.nextInt(4) > 0) {
      document.put("p", point());
    }
    return document;
  }

  private Object existsField() {
    String field = pick(new String[] {"a", "b", "n", "n.x", "s", "p", "tags[\"x\"]", "tags[2]"});
    return random.nextBoolean() ? field : Map.of("field", field);
  }

  private Map<String, Object> range() {
    double low = random.nextInt(24) / 2.0 - 2;
    double high = low + 0.5 + random.nextInt(12) / 2.0;
    Map<String, Object> bounds = new LinkedHashMap<>();
    int shape = random.nextInt(3);
    if (shape != 2) {
      bounds.put(random.nextBoolean() ? "gt" : "gte", low);
    }
    if (shape != 1) {
      bounds.put(random.nextBoolean() ? "lt" : "lte", high);
    }
    return bounds;
  }

  private Map<String, Object> geoBox() {
    double[] centre = pick(REGIONS);
    double top = Math.min(90, centre[0] + random.nextDouble() * 5);
    double bottom = Math.max(-90, centre[0] - random.nextDouble() * 5);
    double left = wrap(centre[1] - random.nextDouble() * 5);
    double right = wrap(centre[1] + random.nextDouble() * 5);
    return Map.of("geoBoundingBox", Map.of("p", Map.of("top", top, "left", left, "bottom", bottom, "right", right)));
  }

  private Map<String, Object> geoDistance() {
    double[] centre = jitter(pick(REGIONS));
    String distance = (1 + random.nextInt(400)) + " km";
    if (random.nextBoolean()) {
      return Map.of("geoDistance", Map.of("p", List.of(centre[0], centre[1]), "distance", distance));
    }
    String from = random.nextInt(200) + "km";
    String to = (200 + random.nextInt(300)) + " kilometers";
    return Map.of("geoDistanceRange", Map.of("p", Map.of("lat", centre[0], "lon", centre[1]), "from", from, "to", to));
  }

  private Map<String, Object> geoPolygon() {
    double[] centre = pick(REGIONS);
    List<Object> points = new ArrayList<>();
    for (int i = 0; i < 3 + random.nextInt(3); i++) {
      double lat = Math.max(-90, Math.min(90, centre[0] + random.nextDouble() * 6 - 3));
      double lon = Math.max(-180, Math.min(180, centre[1] + random.nextDouble() * 6 - 3));
      points.add(lat + ", " + lon);
    }
    return Map.of("geoPolygon", Map.of("p", Map.of("points", points)));
  }

  private Map<String, Object> select() {
    Map<String, Object> query = random.nextBoolean()
      ? Map.of("equals", Map.of("value", pick(STRINGS))) : Map.of("range", Map.of("value", Map.of("gte", 2)));
    return Map.of("select", Map.of("field", "tags", "index", random.nextInt(4) - 2, "query", query));
  }

  private Map<String, Object> bool(int depth) {
    Map<String, Object> bool = new LinkedHashMap<>();
    String[] clauses = {"must", "must_not", "should", "should_not"};
    for (String clause : clauses) {
      if (random.nextInt(3) == 0 || bool.isEmpty() && clause.equals("should_not")) {
        bool.put(clause, List.of(filter(depth - 1), filter(depth - 1)));
      }
    }
    return Map.of("bool", bool);
  }

  private Object point() {
    double[] point = random.nextInt(10) == 0 ? edge() : jitter(pick(REGIONS));
    switch (random.nextInt(4)) {
      case 0:
        return List.of(point[0], point[1]);
      case 1:
        return point[0] + "," + point[1];
      case 2:
        return Map.of("lat", point[0], "lon", point[1]);
      default:
        return Map.of("latLon", List.of(point[0], point[1]));
    }
  }

  private double[] edge() {
    return pick(new double[][] {{90, 0}, {-90, 45}, {0, 180}, {0, -180}, {90, 180}, {-90, -180}});
  }

  private double[] jitter(double[] centre) {
    double lat = Math.max(-90, Math.min(90, centre[0] + random.nextGaussian() * 2));
    return new double[] {lat, wrap(centre[1] + random.nextGaussian() * 3)};
  }

  private static double wrap(double lon) {
    return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
  }

  private Object pickNonNull() {
    Object value;
    do {
      value = pick(VALUES);
    } while (value == null);
    return value;
  }

  private Object pickNullable() {
    return pick(VALUES);
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }
}
