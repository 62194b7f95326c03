package io.kvx.realtime.filter;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON values as the engine sees them: every number becomes a {@code Double} (so {@code 1} and {@code 1.0} are equal,
 * as in JavaScript), {@code JsonObject}/{@code JsonArray} become maps and lists, and a canonical text encoding
 * (sorted keys) feeds condition keys and filter ids.
 */
final class Values {

  private Values() {
  }

  static Map<String, Object> asMap(Object value) {
    if (value instanceof JsonObject) {
      return ((JsonObject) value).getMap();
    }
    if (value instanceof Map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) value;
      return map;
    }
    return null;
  }

  static List<Object> asList(Object value) {
    if (value instanceof JsonArray) {
      @SuppressWarnings("unchecked")
      List<Object> list = ((JsonArray) value).getList();
      return list;
    }
    if (value instanceof List) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) value;
      return list;
    }
    return null;
  }

  static boolean isScalar(Object value) {
    return value == null || value instanceof String || value instanceof Number || value instanceof Boolean;
  }

  /** Deep copy with numbers as doubles and Vert.x JSON containers as plain maps and lists. */
  static Object normalize(Object value) {
    if (value instanceof Number) {
      double d = value instanceof BigDecimal ? ((BigDecimal) value).doubleValue() : ((Number) value).doubleValue();
      return d == 0.0 ? 0.0 : d;
    }
    Map<String, Object> map = asMap(value);
    if (map != null) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, normalize(v)));
      return copy;
    }
    List<Object> list = asList(value);
    if (list != null) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(normalize(v)));
      return copy;
    }
    return value;
  }

  /**
   * The value {@link #normalize} gives, without copying what is already normalized: the value itself when it holds
   * no number other than a {@code Double} (and no negative zero) and no Vert.x JSON container, else a normalized copy.
   */
  static Object normalizeShared(Object value) {
    if (value instanceof Double number) {
      if (number == 0.0) {
        return 0.0;
      }
      return value;
    }
    if (value instanceof String || value instanceof Boolean || value == null) {
      return value;
    }
    return isNormalized(value) ? value : normalize(value);
  }

  private static boolean isNormalized(Object value) {
    if (value instanceof Double number) {
      return number != 0.0 || Double.doubleToRawLongBits(number) == 0L;
    }
    if (value instanceof Number || value instanceof JsonObject || value instanceof JsonArray) {
      return false;
    }
    if (value instanceof Map<?, ?> map) {
      for (Object element : map.values()) {
        if (!isNormalized(element)) {
          return false;
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object element : list) {
        if (!isNormalized(element)) {
          return false;
        }
      }
    }
    return true;
  }

  /** The canonical encoding of a normalized value: JSON with sorted keys and shortest integral numbers. */
  static String encode(Object value) {
    StringBuilder out = new StringBuilder();
    encode(value, out);
    return out.toString();
  }

  private static void encode(Object value, StringBuilder out) {
    if (value instanceof String) {
      out.append(quote((String) value));
    } else if (value instanceof Double) {
      out.append(number((Double) value));
    } else if (value instanceof Map) {
      out.append('{');
      new TreeMap<>(asMap(value)).forEach((k, v) -> {
        out.append(quote(k)).append(':');
        encode(v, out);
        out.append(',');
      });
      out.append('}');
    } else if (value instanceof List) {
      out.append('[');
      asList(value).forEach(v -> {
        encode(v, out);
        out.append(',');
      });
      out.append(']');
    } else {
      out.append(value);
    }
  }

  /**
   * A number's canonical text: integral values as integers, others in exact hexadecimal, because
   * {@code Double.toString} changed between JDK versions and ids must not.
   */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return hex(value);
  }

  /**
   * {@code Double.toHexString}'s text, built directly for normal numbers: the JDK's version runs a regular expression
   * on each call, which showed in registration profiles.
   */
  static String hex(double value) {
    if (!Double.isFinite(value) || Math.abs(value) < Double.MIN_NORMAL) {
      return Double.toHexString(value);
    }
    long bits = Double.doubleToRawLongBits(value);
    long significand = bits & 0x000F_FFFF_FFFF_FFFFL;
    int exponent = (int) (bits >>> 52 & 0x7FF) - 1023;
    String digits = Long.toHexString(significand | 1L << 52).substring(1);
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return (value < 0 ? "-0x1." : "0x1.") + digits.substring(0, end) + "p" + exponent;
  }

  static String numbers(double... values) {
    StringBuilder text = new StringBuilder();
    for (double value : values) {
      text.append(text.length() == 0 ? "" : ",").append(number(value));
    }
    return text.toString();
  }

  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /**
   * Koncorde's {@code match}: scalars are equal; an object matches when every key of the expected object matches;
   * an array matches when every expected element matches some element of the actual array.
   */
  static boolean subsetMatch(Object expected, Object actual) {
    if (expected instanceof Map) {
      Map<String, Object> actualMap = asMap(actual);
      return actualMap != null && asMap(expected).entrySet().stream()
        .allMatch(e -> actualMap.containsKey(e.getKey()) && subsetMatch(e.getValue(), actualMap.get(e.getKey())));
    }
    if (expected instanceof List) {
      List<Object> actualList = asList(actual);
      return actualList != null && asList(expected).stream()
        .allMatch(e -> actualList.stream().anyMatch(a -> subsetMatch(e, a)));
    }
    return expected == null ? actual == null : expected.equals(actual);
  }
}
