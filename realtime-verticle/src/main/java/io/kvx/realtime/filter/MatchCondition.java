package io.kvx.realtime.filter;

/** One field of {@code match}: the field value contains the expected value (see {@link Values#subsetMatch}). */
record MatchCondition(String field, Object expected) implements Condition {

  @Override
  public String key() {
    return "match(" + Values.quote(field) + "," + Values.encode(expected) + ")";
  }

  @Override
  public boolean test(FlatDocument document) {
    return document.has(field) && Values.subsetMatch(expected, document.get(field));
  }
}
