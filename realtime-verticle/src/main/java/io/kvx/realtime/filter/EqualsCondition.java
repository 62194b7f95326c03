package io.kvx.realtime.filter;

import java.util.Objects;

/** {@code equals}: the field is present and strictly equal to a scalar (type-sensitive, numbers as doubles). */
record EqualsCondition(String field, Object value) implements Condition {

  @Override
  public String key() {
    return "equals(" + Values.quote(field) + "," + Values.encode(value) + ")";
  }

  @Override
  public boolean test(FlatDocument document) {
    return document.has(field) && Values.isScalar(document.get(field)) && Objects.equals(document.get(field), value);
  }
}
