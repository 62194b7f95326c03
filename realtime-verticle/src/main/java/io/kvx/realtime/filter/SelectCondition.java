package io.kvx.realtime.filter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code select}: the field is an array whose element at {@code index} (negative: from the end) satisfies the
 * normalized sub-filter {@code query}, evaluated on the document {@code {value: element}}.
 */
record SelectCondition(String field, int index, NormalizedFilter query) implements Condition {

  @Override
  public String key() {
    return "select(" + Values.quote(field) + "," + index + "," + query.canonical() + ")";
  }

  @Override
  public boolean test(FlatDocument document) {
    Object actual = document.get(field);
    if (!(actual instanceof List)) {
      return false;
    }
    List<?> list = (List<?>) actual;
    int position = index < 0 ? list.size() + index : index;
    if (position < 0 || position >= list.size()) {
      return false;
    }
    Map<String, Object> wrapper = new HashMap<>();
    wrapper.put("value", list.get(position));
    return query.test(FlatDocument.of(wrapper));
  }
}
