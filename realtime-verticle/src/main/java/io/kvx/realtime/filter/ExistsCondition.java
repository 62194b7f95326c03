package io.kvx.realtime.filter;

import java.util.List;

/**
 * {@code exists}: the field is present (even with a null value); with an array value ({@code "tags[\"a\"]"}), the
 * field is an array holding that scalar.
 */
record ExistsCondition(String field, boolean array, Object value) implements Condition {

  @Override
  public String key() {
    String base = "exists(" + Values.quote(field);
    return array ? base + "," + Values.encode(value) + ")" : base + ")";
  }

  @Override
  public boolean test(FlatDocument document) {
    if (!array) {
      return document.has(field);
    }
    Object actual = document.get(field);
    return actual instanceof List && ((List<?>) actual).contains(value);
  }
}
