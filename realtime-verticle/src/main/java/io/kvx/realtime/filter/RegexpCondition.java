package io.kvx.realtime.filter;

import java.util.regex.Pattern;

/**
 * {@code regexp}: the field is a string in which the pattern finds a match. The pattern is compiled once per distinct
 * condition; identical conditions are shared by the engine, so is their compiled pattern.
 */
record RegexpCondition(String field, String value, String flags, Pattern pattern) implements Condition {

  @Override
  public String key() {
    return "regexp(" + Values.quote(field) + "," + Values.quote(value) + "," + Values.quote(flags) + ")";
  }

  @Override
  public boolean test(FlatDocument document) {
    Object actual = document.get(field);
    return actual instanceof String && pattern.matcher((String) actual).find();
  }
}
