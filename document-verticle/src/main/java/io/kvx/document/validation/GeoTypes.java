package io.kvx.document.validation;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The geographic types: {@code geo_point} and {@code geo_shape}. */
final class GeoTypes {

  private static final Pattern LAT_LON = Pattern.compile("\\s*-?\\d+(\\.\\d+)?\\s*,\\s*-?\\d+(\\.\\d+)?\\s*");
  private static final Pattern GEOHASH = Pattern.compile("[0-9b-hjkmnp-z]{1,12}");
  private static final Pattern DISTANCE = Pattern.compile(
    "\\s*\\d+(\\.\\d+)?\\s*(m|meters?|km|kilometers?|mi|miles?|yd|yards?|ft|feet|in|inch(es)?|cm|centimeters?|"
      + "mm|millimeters?|nmi|NM|nauticalmiles?)?\\s*");
  private static final List<String> SHAPES = List.of("point", "linestring", "polygon", "multipoint",
    "multilinestring", "multipolygon", "geometrycollection", "envelope", "circle");
  private static final Set<String> SHAPE_KEYS = Set.of("type", "coordinates", "radius", "orientation", "geometries");
  private static final Set<String> ORIENTATIONS = Set.of("right", "ccw", "counterclockwise", "left", "cw",
    "clockwise");

  private GeoTypes() {
  }

  /**
   * A point as Koncorde reads one: {@code [lat, lon]}, {@code "lat,lon"}, a geohash, {@code {lat, lon}}, or
   * {@code {lat_lon}} / {@code {latLon}} holding one of these.
   */
  static final class GeoPoint implements FieldType {

    @Override
    public String name() {
      return "geo_point";
    }

    @Override
    public Set<String> options() {
      return Set.of();
    }

    @Override
    public boolean check(JsonObject typeOptions, Object value, List<String> messages) {
      if (isGeoPoint(value, true)) {
        return true;
      }
      messages.add("The value is not a geographic point.");
      return false;
    }

    private static boolean isGeoPoint(Object value, boolean nested) {
      if (value instanceof String text) {
        return LAT_LON.matcher(text).matches() || GEOHASH.matcher(text).matches();
      }
      if (value instanceof JsonArray array) {
        return array.size() == 2 && array.getValue(0) instanceof Number lat && array.getValue(1) instanceof Number lon
          && inRange(lat.doubleValue(), lon.doubleValue());
      }
      if (value instanceof JsonObject object) {
        if (object.getValue("lat") instanceof Number lat && object.getValue("lon") instanceof Number lon) {
          return inRange(lat.doubleValue(), lon.doubleValue());
        }
        Object inner = object.containsKey("latLon") ? object.getValue("latLon") : object.getValue("lat_lon");
        return nested && inner != null && isGeoPoint(inner, false);
      }
      return false;
    }

    private static boolean inRange(double lat, double lon) {
      return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
    }
  }

  /**
   * A GeoJSON-like shape as Elasticsearch's {@code geo_shape} takes it ({@code point}, {@code linestring},
   * {@code polygon}, their {@code multi} forms, {@code geometrycollection}, {@code envelope}, {@code circle}),
   * among {@code shapeTypes} (all by default). Coordinates are {@code [lon, lat]}.
   */
  static final class GeoShape implements FieldType {

    @Override
    public String name() {
      return "geo_shape";
    }

    @Override
    public Set<String> options() {
      return Set.of("shapeTypes");
    }

    @Override
    public JsonObject curate(JsonObject typeOptions) {
      if (!typeOptions.containsKey("shapeTypes")) {
        return typeOptions.put("shapeTypes", new JsonArray(SHAPES));
      }
      if (!(typeOptions.getValue("shapeTypes") instanceof JsonArray types) || types.isEmpty()) {
        throw KuzzleError.of("validation.assert.invalid_type", "shapeTypes", "string[]");
      }
      List<String> invalid = types.stream().filter(type -> !SHAPES.contains(type)).map(String::valueOf).toList();
      if (!invalid.isEmpty()) {
        throw KuzzleError.of("validation.types.invalid_geoshape", String.join(", ", invalid));
      }
      return typeOptions;
    }

    @Override
    public boolean check(JsonObject typeOptions, Object value, List<String> messages) {
      return isShape(typeOptions.getJsonArray("shapeTypes"), value, messages);
    }

    private static boolean isShape(JsonArray allowed, Object value, List<String> messages) {
      if (!(value instanceof JsonObject shape) || !(shape.getValue("type") instanceof String type)) {
        messages.add("The shape has no type.");
        return false;
      }
      if (!SHAPE_KEYS.containsAll(shape.fieldNames()) || !allowed.contains(type)) {
        messages.add("The shape type \"" + type + "\" or one of its keys is not allowed.");
        return false;
      }
      boolean collection = type.equals("geometrycollection");
      if (collection != shape.containsKey("geometries") || collection == shape.containsKey("coordinates")
          || type.equals("circle") != shape.containsKey("radius")
          || (shape.containsKey("orientation") && !type.endsWith("polygon"))) {
        messages.add("The keys of the shape do not fit its type \"" + type + "\".");
        return false;
      }
      if (collection) {
        if (!(shape.getValue("geometries") instanceof JsonArray geometries)) {
          messages.add("The geometries of the shape are not an array.");
          return false;
        }
        return geometries.stream().allMatch(geometry -> isShape(allowed, geometry, messages));
      }
      if (!coordinatesFit(type, shape.getValue("coordinates")) || !extrasFit(shape)) {
        messages.add("The shape \"" + type + "\" has invalid coordinates, radius or orientation.");
        return false;
      }
      return true;
    }

    private static boolean extrasFit(JsonObject shape) {
      Object radius = shape.getValue("radius");
      boolean radiusOk = radius == null || radius instanceof Number
        || (radius instanceof String text && DISTANCE.matcher(text).matches());
      Object orientation = shape.getValue("orientation");
      return radiusOk && (orientation == null || ORIENTATIONS.contains(String.valueOf(orientation).toLowerCase()));
    }

    private static boolean coordinatesFit(String type, Object coordinates) {
      if (type.startsWith("multi")) {
        String single = type.substring("multi".length());
        return coordinates instanceof JsonArray parts && parts.stream().allMatch(part -> coordinatesFit(single, part));
      }
      return switch (type) {
        case "point", "circle" -> isPosition(coordinates);
        case "linestring" -> isLine(coordinates);
        case "polygon" -> coordinates instanceof JsonArray rings && rings.stream().allMatch(GeoShape::isRing);
        default -> coordinates instanceof JsonArray corners && corners.size() == 2
          && corners.stream().allMatch(GeoShape::isPosition);
      };
    }

    private static boolean isPosition(Object value) {
      return value instanceof JsonArray point && point.size() == 2 && point.getValue(0) instanceof Number lon
        && point.getValue(1) instanceof Number lat && Math.abs(lon.doubleValue()) <= 180
        && Math.abs(lat.doubleValue()) <= 90;
    }

    private static boolean isLine(Object value) {
      return value instanceof JsonArray line && line.size() >= 2 && line.stream().allMatch(GeoShape::isPosition);
    }

    private static boolean isRing(Object value) {
      return isLine(value) && ((JsonArray) value).size() >= 4
        && ((JsonArray) value).getValue(0).equals(((JsonArray) value).getValue(((JsonArray) value).size() - 1));
    }
  }
}
