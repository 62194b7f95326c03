package io.kvx.document.validation;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.text.ParsePosition;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code date}: a value in one of {@code formats} (Elasticsearch's named date formats, {@code epoch_millis} by
 * default), within {@code range: {min?, max?}} whose bounds are ISO 8601 strings, epoch milliseconds or
 * {@code "NOW"} (the time of the check). A format whose name starts with {@code strict_} must match the whole
 * value; the others accept trailing text.
 */
final class DateType implements FieldType {

  /** An offset, {@code Z} or {@code +HH:MM}, else {@code +HHMM}. */
  private static final String OFFSET = "[ZZZZZ][Z]";
  private static final Map<String, DateTimeFormatter> FORMATS = new HashMap<>();
  private static final DateTimeFormatter ISO = formatter("uuuu-MM-dd['T'HH[:mm[:ss[.SSS]]]]" + OFFSET);

  static {
    Map<String, String> patterns = new HashMap<>();
    patterns.put("basic_date", "uuuuMMdd");
    patterns.put("basic_date_time", "uuuuMMdd'T'HHmmss.SSS" + OFFSET);
    patterns.put("basic_date_time_no_millis", "uuuuMMdd'T'HHmmss" + OFFSET);
    patterns.put("basic_ordinal_date", "uuuuDDD");
    patterns.put("basic_ordinal_date_time", "uuuuDDD'T'HHmmss.SSS" + OFFSET);
    patterns.put("basic_ordinal_date_time_no_millis", "uuuuDDD'T'HHmmss" + OFFSET);
    patterns.put("basic_t_time", "'T'HHmmss.SSS" + OFFSET);
    patterns.put("basic_t_time_no_millis", "'T'HHmmss" + OFFSET);
    patterns.put("basic_time", "HHmmss.SSS" + OFFSET);
    patterns.put("basic_time_no_millis", "HHmmss" + OFFSET);
    for (String prefix : List.of("", "strict_")) {
      patterns.put(prefix + "date", "uuuu-MM-dd");
      patterns.put(prefix + "date_hour", "uuuu-MM-dd'T'HH");
      patterns.put(prefix + "date_hour_minute", "uuuu-MM-dd'T'HH:mm");
      patterns.put(prefix + "date_hour_minute_second", "uuuu-MM-dd'T'HH:mm:ss");
      patterns.put(prefix + "date_hour_minute_second_fraction", "uuuu-MM-dd'T'HH:mm:ss.SSS");
      patterns.put(prefix + "date_hour_minute_second_millis", "uuuu-MM-dd'T'HH:mm:ss.SSS");
      patterns.put(prefix + "date_time", "uuuu-MM-dd'T'HH:mm:ss.SSS" + OFFSET);
      patterns.put(prefix + "date_time_no_millis", "uuuu-MM-dd'T'HH:mm:ss" + OFFSET);
      patterns.put(prefix + "hour", "HH");
      patterns.put(prefix + "hour_minute", "HH:mm");
      patterns.put(prefix + "hour_minute_second", "HH:mm:ss");
      patterns.put(prefix + "hour_minute_second_fraction", "HH:mm:ss.SSS");
      patterns.put(prefix + "hour_minute_second_millis", "HH:mm:ss.SSS");
      patterns.put(prefix + "ordinal_date", "uuuu-DDD");
      patterns.put(prefix + "ordinal_date_time", "uuuu-DDD'T'HH:mm:ss.SSS" + OFFSET);
      patterns.put(prefix + "ordinal_date_time_no_millis", "uuuu-DDD'T'HH:mm:ss" + OFFSET);
      patterns.put(prefix + "t_time", "'T'HH:mm:ss.SSS" + OFFSET);
      patterns.put(prefix + "t_time_no_millis", "'T'HH:mm:ss" + OFFSET);
      patterns.put(prefix + "time", "HH:mm:ss.SSS" + OFFSET);
      patterns.put(prefix + "time_no_millis", "HH:mm:ss" + OFFSET);
      patterns.put(prefix + "year", "uuuu");
      patterns.put(prefix + "year_month", "uuuuMM");
      patterns.put(prefix + "year_month_day", "uuuuMMdd");
    }
    patterns.forEach((name, pattern) -> FORMATS.put(name, formatter(pattern)));
    FORMATS.put("date_optional_time", ISO);
    FORMATS.put("strict_date_optional_time", ISO);
    for (String prefix : List.of("", "strict_")) {
      FORMATS.put(prefix + "weekyear", week(null, null, null));
      FORMATS.put(prefix + "weekyear_week", week("", null, null));
      FORMATS.put(prefix + "weekyear_week_day", week("", "", null));
      FORMATS.put(prefix + "basic_week_date", week("W", "", null));
      FORMATS.put(prefix + "basic_week_date_time", week("W", "", "'T'HHmmss.SSS" + OFFSET));
      FORMATS.put(prefix + "basic_week_date_time_no_millis", week("W", "", "'T'HHmmss" + OFFSET));
      FORMATS.put(prefix + "week_date", week("-W", "-", null));
      FORMATS.put(prefix + "week_date_time", week("-W", "-", "'T'HH:mm:ss.SSS" + OFFSET));
      FORMATS.put(prefix + "week_date_time_no_millis", week("-W", "-", "'T'HH:mm:ss" + OFFSET));
    }
  }

  @Override
  public String name() {
    return "date";
  }

  @Override
  public Set<String> options() {
    return Set.of("range", "formats");
  }

  @Override
  public JsonObject curate(JsonObject typeOptions) {
    if (!typeOptions.containsKey("formats")) {
      typeOptions.put("formats", new JsonArray().add("epoch_millis"));
    }
    if (!(typeOptions.getValue("formats") instanceof JsonArray formats) || formats.isEmpty()) {
      throw KuzzleError.of("validation.assert.invalid_type", "formats", "non-empty array");
    }
    List<String> unknown = new ArrayList<>();
    for (Object format : formats) {
      if (!(format instanceof String name) || !isFormat(name)) {
        unknown.add(String.valueOf(format));
      }
    }
    if (!unknown.isEmpty()) {
      throw KuzzleError.of("validation.types.invalid_date_format", String.join(", ", unknown));
    }
    if (typeOptions.containsKey("range")) {
      FieldTypes.onlyKeys(typeOptions.getValue("range"), "range", Set.of("min", "max"));
      JsonObject range = typeOptions.getJsonObject("range");
      Instant min = range.containsKey("min") ? bound(range.getValue("min")) : null;
      Instant max = range.containsKey("max") ? bound(range.getValue("max")) : null;
      if (min != null && max != null && max.isBefore(min)) {
        throw KuzzleError.of("validation.assert.invalid_range", "range", "min", "max");
      }
    }
    return typeOptions;
  }

  @Override
  public boolean check(JsonObject typeOptions, Object value, List<String> messages) {
    Instant date = null;
    for (Object format : typeOptions.getJsonArray("formats")) {
      date = parse((String) format, value);
      if (date != null) {
        break;
      }
    }
    if (date == null) {
      messages.add("The value is not a date in the accepted formats.");
      return false;
    }
    JsonObject range = typeOptions.getJsonObject("range", new JsonObject());
    if (range.containsKey("min") && date.isBefore(bound(range.getValue("min")))) {
      messages.add("The date is before the minimum allowed.");
      return false;
    }
    if (range.containsKey("max") && date.isAfter(bound(range.getValue("max")))) {
      messages.add("The date is after the maximum allowed.");
      return false;
    }
    return true;
  }

  private static boolean isFormat(String name) {
    return name.equals("epoch_millis") || name.equals("epoch_second") || FORMATS.containsKey(name);
  }

  /** A range bound: {@code "NOW"}, an ISO 8601 string or epoch milliseconds. */
  private static Instant bound(Object value) {
    if ("NOW".equals(value)) {
      return Instant.now();
    }
    Instant instant = value instanceof Number number ? Instant.ofEpochMilli(number.longValue())
      : value instanceof String string ? resolve(ISO, string, true) : null;
    if (instant == null) {
      throw KuzzleError.of("validation.types.invalid_date", String.valueOf(value));
    }
    return instant;
  }

  /** The instant {@code value} denotes in {@code format}, or {@code null}. */
  static Instant parse(String format, Object value) {
    if (format.equals("epoch_millis") || format.equals("epoch_second")) {
      if (!(value instanceof Number number)) {
        return null;
      }
      double millis = format.equals("epoch_second") ? number.doubleValue() * 1000 : number.doubleValue();
      return Double.isFinite(millis) ? Instant.ofEpochMilli((long) millis) : null;
    }
    DateTimeFormatter formatter = FORMATS.get(format);
    return formatter != null && value instanceof String string
      ? resolve(formatter, string, format.startsWith("strict_")) : null;
  }

  private static Instant resolve(DateTimeFormatter formatter, String text, boolean whole) {
    ParsePosition position = new ParsePosition(0);
    TemporalAccessor parsed;
    try {
      parsed = formatter.parseUnresolved(text, position) == null ? null : formatter.parse(
        text.substring(0, position.getIndex()));
    } catch (RuntimeException e) {
      return null;
    }
    if (parsed == null || position.getErrorIndex() >= 0 || (whole && position.getIndex() != text.length())) {
      return null;
    }
    LocalDate date = parsed.query(TemporalQueries.localDate());
    if (date == null && parsed.isSupported(ChronoField.YEAR)) {
      int month = parsed.isSupported(ChronoField.MONTH_OF_YEAR) ? parsed.get(ChronoField.MONTH_OF_YEAR) : 1;
      date = LocalDate.of(parsed.get(ChronoField.YEAR), month, 1);
    }
    LocalTime time = parsed.query(TemporalQueries.localTime());
    ZoneOffset offset = parsed.query(TemporalQueries.offset());
    return (date == null ? LocalDate.now(ZoneOffset.UTC) : date)
      .atTime(time == null ? LocalTime.MIDNIGHT : time)
      .toInstant(offset == null ? ZoneOffset.UTC : offset);
  }

  /**
   * An ISO week date (as Elasticsearch reads them): the week-based year; the week after {@code weekPrefix} unless
   * it is {@code null}; the day of the week after {@code dayPrefix} unless it is {@code null}; then the
   * {@code time} pattern if any. A week or day left out is the first.
   */
  private static DateTimeFormatter week(String weekPrefix, String dayPrefix, String time) {
    DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().appendValue(IsoFields.WEEK_BASED_YEAR, 4);
    if (weekPrefix == null) {
      builder.parseDefaulting(IsoFields.WEEK_OF_WEEK_BASED_YEAR, 1);
    } else {
      builder.appendLiteral(weekPrefix).appendValue(IsoFields.WEEK_OF_WEEK_BASED_YEAR, 2);
    }
    if (dayPrefix == null) {
      builder.parseDefaulting(ChronoField.DAY_OF_WEEK, 1);
    } else {
      builder.appendLiteral(dayPrefix).appendValue(ChronoField.DAY_OF_WEEK, 1);
    }
    if (time != null) {
      builder.appendPattern(time);
    }
    return builder.toFormatter().withResolverStyle(ResolverStyle.STRICT);
  }

  private static DateTimeFormatter formatter(String pattern) {
    return DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
  }
}
