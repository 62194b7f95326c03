package io.kvx.document.storage.embedded;

import io.vertx.core.json.JsonArray;

import java.math.BigDecimal;
import java.util.List;

/**
 * Numbers and booleans read the way Elasticsearch coerces them: numeric strings are numbers, decimals in an integer
 * field are truncated, {@code "true"} and {@code "false"} are booleans. Anything else is an
 * {@link IllegalArgumentException}.
 */
final class Values {

  private Values() {
  }

  static long toLong(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    return decimal(value).longValue();
  }

  static double toDouble(Object value) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    return decimal(value).doubleValue();
  }

  /** A decimal value, for range bounds on integer fields, which round rather than truncate. */
  static BigDecimal decimal(Object value) {
    if (value instanceof Number number) {
      return new BigDecimal(number.toString());
    }
    if (value instanceof String text) {
      return new BigDecimal(text.trim());
    }
    throw new IllegalArgumentException("not a number: " + value);
  }

  /** The items of a value that may be one item or an array of them; none for {@code null}. */
  static Iterable<?> items(Object value) {
    if (value instanceof JsonArray array) {
      return array;
    }
    return value == null ? List.of() : List.of(value);
  }

  static boolean toBoolean(Object value) {
    if (value instanceof Boolean flag) {
      return flag;
    }
    if ("true".equals(value)) {
      return true;
    }
    if ("false".equals(value) || "".equals(value)) {
      return false;
    }
    throw new IllegalArgumentException("not a boolean: " + value);
  }
}
