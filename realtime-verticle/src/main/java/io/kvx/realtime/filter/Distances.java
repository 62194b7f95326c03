package io.kvx.realtime.filter;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Distances as Koncorde reads them: a number of meters, or {@code "<n> <unit>"} with meters, feet, inches, yards or
 * miles, SI prefixes on meters, spaces ignored and {@code ,} accepted as the decimal separator.
 */
final class Distances {

  private static final Pattern DISTANCE = Pattern.compile("^([0-9]*\\.?[0-9]+(?:e[+-]?[0-9]+)?)([a-zµ]*)$");
  private static final Map<String, Double> UNITS = Map.ofEntries(
    Map.entry("", 1.0), Map.entry("m", 1.0), Map.entry("meter", 1.0), Map.entry("meters", 1.0),
    Map.entry("metre", 1.0), Map.entry("metres", 1.0),
    Map.entry("ft", 0.3048), Map.entry("feet", 0.3048), Map.entry("foot", 0.3048),
    Map.entry("in", 0.0254), Map.entry("inch", 0.0254), Map.entry("inches", 0.0254),
    Map.entry("yd", 0.9144), Map.entry("yard", 0.9144), Map.entry("yards", 0.9144),
    Map.entry("mi", 1609.344), Map.entry("mile", 1609.344), Map.entry("miles", 1609.344));
  private static final Map<String, Double> PREFIXES = Map.ofEntries(
    Map.entry("k", 1e3), Map.entry("kilo", 1e3), Map.entry("h", 1e2), Map.entry("hecto", 1e2),
    Map.entry("da", 1e1), Map.entry("deca", 1e1), Map.entry("deka", 1e1), Map.entry("d", 1e-1),
    Map.entry("deci", 1e-1), Map.entry("c", 1e-2), Map.entry("centi", 1e-2), Map.entry("m", 1e-3),
    Map.entry("milli", 1e-3), Map.entry("u", 1e-6), Map.entry("µ", 1e-6), Map.entry("micro", 1e-6),
    Map.entry("n", 1e-9), Map.entry("nano", 1e-9), Map.entry("mega", 1e6), Map.entry("giga", 1e9));

  private Distances() {
  }

  /** The distance in meters, or null when the value is not a distance. */
  static Double toMeters(Object value) {
    if (value instanceof Number) {
      double meters = ((Number) value).doubleValue();
      return meters >= 0 && Double.isFinite(meters) ? meters : null;
    }
    if (!(value instanceof String)) {
      return null;
    }
    String cleaned = ((String) value).replaceAll("[\\s-]", "").replace(',', '.').toLowerCase(Locale.ROOT);
    Matcher matcher = DISTANCE.matcher(cleaned);
    if (!matcher.matches()) {
      return null;
    }
    Double factor = unitFactor(matcher.group(2));
    return factor == null ? null : Double.parseDouble(matcher.group(1)) * factor;
  }

  private static Double unitFactor(String unit) {
    Double factor = UNITS.get(unit);
    if (factor != null) {
      return factor;
    }
    for (String meter : new String[] {"meters", "meter", "metres", "metre", "m"}) {
      if (unit.endsWith(meter)) {
        Double prefix = PREFIXES.get(unit.substring(0, unit.length() - meter.length()));
        if (prefix != null && (meter.length() > 1) == (unit.length() - meter.length() > 2)) {
          return prefix;
        }
      }
    }
    return null;
  }
}
