package io.kvx.document.validation;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The field types Kuzzle 2 knows: {@code anything}, {@code boolean}, {@code date}, {@code email}, {@code enum},
 * {@code geo_point}, {@code geo_shape}, {@code integer}, {@code ip_address}, {@code numeric}, {@code object},
 * {@code string} and {@code url}.
 */
final class FieldTypes {

  private static final Map<String, FieldType> TYPES = new LinkedHashMap<>();

  static {
    for (FieldType type : List.of(new Anything(), new BooleanType(), new DateType(), new StringType(),
        new NumberType("numeric"), new NumberType("integer"), new EnumType(), new ObjectType(),
        new PatternType("email", Formats::isEmail, "is not an email address"),
        new PatternType("ip_address", Formats::isIpAddress, "is not an IP address"),
        new PatternType("url", Formats::isUrl, "is not a URL"), new GeoTypes.GeoPoint(), new GeoTypes.GeoShape())) {
      TYPES.put(type.name(), type);
    }
  }

  private FieldTypes() {
  }

  /** The type named {@code name}, or {@code null}. */
  static FieldType named(String name) {
    return TYPES.get(name);
  }

  /** {@code validation.assert.unexpected_properties} unless {@code object} holds only {@code allowed} keys. */
  static void onlyKeys(Object object, String where, Set<String> allowed) {
    if (!(object instanceof JsonObject json) || !allowed.containsAll(json.fieldNames())) {
      throw KuzzleError.of("validation.assert.unexpected_properties", where, String.join(", ", allowed));
    }
  }

  /** Checks a {@code {min?, max?}} option of numbers; {@code validation.assert.*} errors when it is wrong. */
  static void numericBounds(JsonObject typeOptions, String option) {
    if (!typeOptions.containsKey(option)) {
      return;
    }
    Object bounds = typeOptions.getValue(option);
    onlyKeys(bounds, option, Set.of("min", "max"));
    JsonObject json = (JsonObject) bounds;
    for (String bound : List.of("min", "max")) {
      if (json.containsKey(bound) && !(json.getValue(bound) instanceof Number)) {
        throw KuzzleError.of("validation.assert.invalid_type", option + "." + bound, "number");
      }
    }
    if (json.getValue("min") instanceof Number min && json.getValue("max") instanceof Number max
        && min.doubleValue() > max.doubleValue()) {
      throw KuzzleError.of("validation.assert.invalid_range", option, "min", "max");
    }
  }

  private static void booleanOption(JsonObject typeOptions, String option) {
    if (typeOptions.containsKey(option) && !(typeOptions.getValue(option) instanceof Boolean)) {
      throw KuzzleError.of("validation.assert.invalid_type", option, "boolean");
    }
  }

  /** Any value. */
  private static final class Anything implements FieldType {

    @Override
    public String name() {
      return "anything";
    }

    @Override
    public Set<String> options() {
      return Set.of();
    }

    @Override
    public boolean check(JsonObject typeOptions, Object value, List<String> messages) {
      return true;
    }
  }

  /** {@code true} or {@code false}. */
  private static final class BooleanType implements FieldType {

    @Override
    public String name() {
      return "boolean";
    }

    @Override
    public Set<String> options() {
      return Set.of();
    }

    @Override
    public boolean check(JsonObject typeOptions, Object value, List<String> messages) {
      if (value instanceof Boolean) {
        return true;
      }
      messages.add("The value is not a boolean.");
      return false;
    }
  }

  /** A string, with {@code length: {min?, max?}} in characters. */
  private static final class StringType implements FieldType {

    @Override
    public String name() {
      return "string";
    }

    @Override
    public Set<String> options() {
      return Set.of("length");
    }

    @Override
    public JsonObject curate(JsonObject typeOptions) {
      numericBounds(typeOptions, "length");
      return typeOptions;
    }

    @Override
    public boolean check(JsonObject typeOptions, Object value, List<String> messages) {
      if (!(value instanceof String string)) {
        messages.add("The value is not a string.");
        return false;
      }
      JsonObject length = typeOptions.getJsonObject("length", new JsonObject());
      int size = string.codePointCount(0, string.length());
      if (length.getValue("min") instanceof Number min && size < min.doubleValue()) {
        messages.add("The string has " + size + " characters, fewer than the minimum of " + min + ".");
        return false;
      }
      if (length.getValue("max") instanceof Number max && size > max.doubleValue()) {
        messages.add("The string has " + size + " characters, more than the maximum of " + max + ".");
        return false;
      }
      return true;
    }
  }

  /** {@code numeric}: any number; {@code integer}: a number without fraction. Both take {@code range}. */
  private record NumberType(String name) implements FieldType {

    @Override
    public Set<String> options() {
      return Set.of("range");
    }

    @Override
    public JsonObject curate(JsonObject typeOptions) {
      numericBounds(typeOptions, "range");
      return typeOptions;
    }

    @Override
    public boolean check(JsonObject typeOptions, Object value, List<String> messages) {
      if (!(value instanceof Number number)) {
        messages.add("The value is not a number.");
        return false;
      }
      double amount = number.doubleValue();
      JsonObject range = typeOptions.getJsonObject("range", new JsonObject());
      if (range.getValue("min") instanceof Number min && amount < min.doubleValue()) {
        messages.add("The value " + number + " is below the minimum of " + min + ".");
        return false;
      }
      if (range.getValue("max") instanceof Number max && amount > max.doubleValue()) {
        messages.add("The value " + number + " is above the maximum of " + max + ".");
        return false;
      }
      if (name.equals("integer") && (Double.isInfinite(amount) || amount != Math.rint(amount))) {
        messages.add("The value is not an integer.");
        return false;
      }
      return true;
    }
  }

  /** A string among {@code values}. */
  private static final class EnumType implements FieldType {

    @Override
    public String name() {
      return "enum";
    }

    @Override
    public Set<String> options() {
      return Set.of("values");
    }

    @Override
    public JsonObject curate(JsonObject typeOptions) {
      if (!typeOptions.containsKey("values")) {
        throw KuzzleError.of("validation.types.missing_enum_values");
      }
      if (!(typeOptions.getValue("values") instanceof JsonArray values) || values.isEmpty()
          || values.stream().anyMatch(value -> !(value instanceof String))) {
        throw KuzzleError.of("validation.assert.invalid_type", "values", "string[]");
      }
      return typeOptions;
    }

    @Override
    public boolean check(JsonObject typeOptions, Object value, List<String> messages) {
      JsonArray values = typeOptions.getJsonArray("values");
      if (!(value instanceof String) || !values.contains(value)) {
        messages.add("The value is not one of: " + String.join(", ", values.getList()) + ".");
        return false;
      }
      return true;
    }
  }

  /** An object, whose declared children are checked one level down; {@code strict} sets their strictness. */
  private static final class ObjectType implements FieldType {

    @Override
    public String name() {
      return "object";
    }

    @Override
    public Set<String> options() {
      return Set.of("strict");
    }

    @Override
    public boolean allowsChildren() {
      return true;
    }

    @Override
    public JsonObject curate(JsonObject typeOptions) {
      booleanOption(typeOptions, "strict");
      return typeOptions;
    }

    @Override
    public boolean check(JsonObject typeOptions, Object value, List<String> messages) {
      if (value instanceof JsonObject) {
        return true;
      }
      messages.add("The value is not an object.");
      return false;
    }
  }

  /** A string in a given format; {@code notEmpty} refuses the empty string, which is accepted otherwise. */
  private record PatternType(String name, Predicate<String> format, String refusal)
      implements FieldType {
    @Override
    public Set<String> options() {
      return Set.of("notEmpty");
    }

    @Override
    public JsonObject curate(JsonObject typeOptions) {
      booleanOption(typeOptions, "notEmpty");
      return typeOptions.containsKey("notEmpty") ? typeOptions : typeOptions.put("notEmpty", false);
    }

    @Override
    public boolean check(JsonObject typeOptions, Object value, List<String> messages) {
      if (!(value instanceof String string)) {
        messages.add("The value is not a string.");
        return false;
      }
      if (string.isEmpty()) {
        if (typeOptions.getBoolean("notEmpty", false)) {
          messages.add("The string may not be empty.");
          return false;
        }
        return true;
      }
      if (!format.test(string)) {
        messages.add("The string " + refusal + ".");
        return false;
      }
      return true;
    }
  }

  /** The string formats of {@code email}, {@code ip_address} and {@code url}. */
  static final class Formats {

    private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
        + "@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,}");
    private static final Pattern IPV4 = Pattern.compile(
      "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern HOST = Pattern.compile(
      "([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,}\\.?|localhost");
    private static final Set<String> URL_SCHEMES = Set.of("http", "https", "ftp");

    private Formats() {
    }

    static boolean isEmail(String value) {
      return value.length() <= 254 && EMAIL.matcher(value).matches();
    }

    static boolean isIpAddress(String value) {
      if (IPV4.matcher(value).matches()) {
        return true;
      }
      if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
        return false;
      }
      try {
        // A literal with ':' is parsed, never looked up.
        return InetAddress.getByName(value) instanceof Inet6Address;
      } catch (UnknownHostException e) {
        return false;
      }
    }

    static boolean isUrl(String value) {
      String candidate = value.contains("://") ? value : "http://" + value;
      try {
        URI uri = new URI(candidate);
        String host = uri.getHost();
        return uri.getScheme() != null && URL_SCHEMES.contains(uri.getScheme().toLowerCase())
          && host != null && (HOST.matcher(host).matches() || IPV4.matcher(host).matches());
      } catch (URISyntaxException e) {
        return false;
      }
    }
  }
}
