package io.kvx.document.storage.embedded;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as Elasticsearch reads them with its default format {@code strict_date_optional_time||epoch_millis}: a
 * number or a string of digits is epoch milliseconds; otherwise {@code yyyy[-MM[-dd[THH[:mm[:ss[.fraction]]]]]]}
 * with an optional {@code Z} or {@code ±HH:mm} offset, UTC when there is none. The {@code yyyy/MM/dd[ HH:mm:ss]}
 * form that Elasticsearch's date detection also recognises is read too.
 */
final class Dates {

  private static final Pattern ISO = Pattern.compile("([+-]?\\d{4,9})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2})"
    + "(?::?(\\d{2})(?::?(\\d{2})(?:[.,](\\d{1,9}))?)?)?)?)?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?");
  private static final Pattern SLASHED = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})(?: (\\d{2}):(\\d{2}):(\\d{2}))?");
  private static final Pattern EPOCH = Pattern.compile("-?\\d+(?:\\.\\d+)?");
  /** Elasticsearch's dynamic date detection needs at least a full day: {@code 2024-05-01} or {@code 2024/05/01}. */
  private static final Pattern DETECTED = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?:T.*)?|\\d{4}/\\d{2}/\\d{2}.*");
  private static final Pattern NOW = Pattern.compile("now((?:[+-]\\d+[yMwdhHms])*)(?:/[yMwdhHms])?");
  private static final Pattern NOW_STEP = Pattern.compile("([+-])(\\d+)([yMwdhHms])");

  private Dates() {
  }

  /** Epoch milliseconds of a date value; {@link IllegalArgumentException} if it is not one. */
  static long parse(Object value) {
    if (value instanceof Number number) {
      return number.longValue();
    }
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException("failed to parse date field [" + value + "]");
    }
    String trimmed = text.trim();
    if (EPOCH.matcher(trimmed).matches()) {
      return (long) Double.parseDouble(trimmed);
    }
    Matcher iso = ISO.matcher(trimmed);
    if (iso.matches()) {
      return fromIso(iso);
    }
    Matcher slashed = SLASHED.matcher(trimmed);
    if (slashed.matches()) {
      LocalDate day = LocalDate.of(Integer.parseInt(slashed.group(1)), Integer.parseInt(slashed.group(2)),
        Integer.parseInt(slashed.group(3)));
      LocalTime time = slashed.group(4) == null ? LocalTime.MIDNIGHT : LocalTime.of(
        Integer.parseInt(slashed.group(4)), Integer.parseInt(slashed.group(5)), Integer.parseInt(slashed.group(6)));
      return day.atTime(time).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    throw new IllegalArgumentException("failed to parse date field [" + text + "] with format "
      + "[strict_date_optional_time||epoch_millis]");
  }

  /** A bound of a range query: a date value or date math from {@code now} ({@code now-1d}). */
  static long parseBound(Object value, long now) {
    if (value instanceof String text) {
      Matcher math = NOW.matcher(text.trim());
      if (math.matches()) {
        // Limitation: rounding ("now/d") is ignored and only "now" anchors date math; parsing "date||+1d" would
        // need the anchor read first.
        ZonedDateTime at = ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(now), ZoneOffset.UTC);
        Matcher step = NOW_STEP.matcher(math.group(1));
        while (step.find()) {
          long amount = Long.parseLong(step.group(2)) * (step.group(1).equals("-") ? -1 : 1);
          at = at.plus(amount, unit(step.group(3)));
        }
        return at.toInstant().toEpochMilli();
      }
    }
    return parse(value);
  }

  /** Whether Elasticsearch's dynamic mapping would map this string as a date. */
  static boolean detect(String text) {
    if (!DETECTED.matcher(text).matches()) {
      return false;
    }
    try {
      parse(text);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static long fromIso(Matcher m) {
    LocalDate day = LocalDate.of(Integer.parseInt(m.group(1)), number(m.group(2), 1), number(m.group(3), 1));
    String fraction = m.group(7) == null ? "0" : (m.group(7) + "00000000").substring(0, 9);
    LocalDateTime at = day.atTime(LocalTime.of(number(m.group(4), 0), number(m.group(5), 0), number(m.group(6), 0),
      Integer.parseInt(fraction)));
    ZoneOffset offset = m.group(8) == null || m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(offset(
      m.group(8)));
    return at.toInstant(offset).toEpochMilli();
  }

  private static String offset(String text) {
    String digits = text.substring(1).replace(":", "");
    return text.charAt(0) + digits.substring(0, 2) + (digits.length() > 2 ? ":" + digits.substring(2) : "");
  }

  private static int number(String text, int fallback) {
    return text == null ? fallback : Integer.parseInt(text);
  }

  private static ChronoUnit unit(String letter) {
    return switch (letter) {
      case "y" -> ChronoUnit.YEARS;
      case "M" -> ChronoUnit.MONTHS;
      case "w" -> ChronoUnit.WEEKS;
      case "d" -> ChronoUnit.DAYS;
      case "h", "H" -> ChronoUnit.HOURS;
      case "m" -> ChronoUnit.MINUTES;
      default -> ChronoUnit.SECONDS;
    };
  }
}
