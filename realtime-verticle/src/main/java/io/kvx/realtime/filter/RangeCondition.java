package io.kvx.realtime.filter;

/** {@code range}: the field is a number within the bounds; infinite bounds stand for a missing bound. */
record RangeCondition(String field, double low, boolean lowInclusive, double high, boolean highInclusive)
  implements Condition {
  @Override
  public String key() {
    return "range(" + Values.quote(field) + "," + (lowInclusive ? "[" : "(") + Values.number(low) + ","
      + Values.number(high) + (highInclusive ? "]" : ")") + ")";
  }

  @Override
  public boolean test(FlatDocument document) {
    Object value = document.get(field);
    return value instanceof Double && contains((Double) value);
  }

  boolean contains(double value) {
    boolean aboveLow = lowInclusive ? value >= low : value > low;
    boolean belowHigh = highInclusive ? value <= high : value < high;
    return aboveLow && belowHigh;
  }

  /** The intersection of two ranges on the same field, or null when it is empty. */
  RangeCondition intersect(RangeCondition other) {
    double lo = Math.max(low, other.low);
    boolean loIncl = (lo != low || lowInclusive) && (lo != other.low || other.lowInclusive);
    double hi = Math.min(high, other.high);
    boolean hiIncl = (hi != high || highInclusive) && (hi != other.high || other.highInclusive);
    if (lo > hi || lo == hi && !(loIncl && hiIncl)) {
      return null;
    }
    return new RangeCondition(field, lo, loIncl, hi, hiIncl);
  }
}
