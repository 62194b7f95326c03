package io.kvx.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes ({@code "1MB"}) and durations ({@code "15s"}) written the way Kuzzle's configuration writes them. */
public final class Units {

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?i?b?)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d|w|y)?",
    Pattern.CASE_INSENSITIVE);

  private Units() {
  }

  /** Bytes in {@code value}: a number of bytes, or text such as {@code "1MB"}, {@code "512kb"} (powers of 1024). */
  public static long bytes(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    Matcher m = SIZE.matcher(String.valueOf(value).trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("Not a size: " + value);
    }
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    int power = unit.isEmpty() ? 0 : "bkmgt".indexOf(unit.charAt(0));
    return (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, Math.max(power, 0)));
  }

  /**
   * Milliseconds in {@code value}: a number of milliseconds, or text such as {@code "15s"}, {@code "1h"}, {@code
   * "-1"} (never expires), as Kuzzle's {@code ms} library reads them.
   */
  public static long millis(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    Matcher m = DURATION.matcher(String.valueOf(value).trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("Not a duration: " + value);
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
    long factor = switch (unit) {
      case "s" -> 1_000L;
      case "m" -> 60_000L;
      case "h" -> 3_600_000L;
      case "d" -> 86_400_000L;
      case "w" -> 604_800_000L;
      case "y" -> 31_557_600_000L;
      default -> 1L;
    };
    return (long) (amount * factor);
  }
}
