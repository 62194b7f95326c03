package io.kvx.document.storage.embedded;

import io.kvx.document.storage.embedded.Aggregations.Request;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code histogram} and {@code date_histogram} aggregations: values rounded down to their interval, buckets in
 * key order, and with {@code min_doc_count} 0 (the default) the empty buckets between the first and the last (or
 * {@code extended_bounds}), as Elasticsearch fills them, at most {@link Aggregations#MAX_BUCKETS}.
 */
final class Histograms {

  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSZZZZZ");
  private static final Pattern FIXED = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final Map<String, ChronoUnit> CALENDAR = Map.ofEntries(Map.entry("minute", ChronoUnit.MINUTES),
    Map.entry("1m", ChronoUnit.MINUTES), Map.entry("hour", ChronoUnit.HOURS), Map.entry("1h", ChronoUnit.HOURS),
    Map.entry("day", ChronoUnit.DAYS), Map.entry("1d", ChronoUnit.DAYS), Map.entry("week", ChronoUnit.WEEKS),
    Map.entry("1w", ChronoUnit.WEEKS), Map.entry("month", ChronoUnit.MONTHS), Map.entry("1M", ChronoUnit.MONTHS),
    Map.entry("quarter", ChronoUnit.MONTHS),
    Map.entry("1q", ChronoUnit.MONTHS), Map.entry("year", ChronoUnit.YEARS), Map.entry("1y", ChronoUnit.YEARS));

  private Histograms() {
  }

  /** {@code histogram}: numeric keys {@code floor((value - offset) / interval) * interval + offset}. */
  static JsonObject histogram(Request request, DocSet docs) throws IOException {
    JsonObject options = request.options();
    double interval = number(request, options.getValue("interval"), "interval");
    if (!(interval > 0)) {
      throw Indexer.badRequest("[interval] must be >0 for histogram aggregation [" + request.name() + "]");
    }
    double offset = options.getValue("offset") == null ? 0 : number(request, options.getValue("offset"), "offset");
    TreeMap<Double, DocSet> buckets = new TreeMap<>();
    if (request.field() != null) {
      docs.forEachValue(request.field(), (leaf, doc, value) -> {
        if (value != null) {
          double key = Math.floor((((Number) value).doubleValue() - offset) / interval) * interval + offset;
          buckets.computeIfAbsent(key, k -> new DocSet()).add(leaf, doc);
        }
      });
    }
    if (Aggregations.option(request, "min_doc_count", 0) == 0) {
      JsonObject bounds = options.getJsonObject("extended_bounds", new JsonObject());
      Double low = bounds.getValue("min") == null ? null
        : Math.floor((number(request, bounds.getValue("min"), "min") - offset) / interval) * interval + offset;
      Double high = bounds.getValue("max") == null ? null : number(request, bounds.getValue("max"), "max");
      Double first = low != null && (buckets.isEmpty() || low < buckets.firstKey()) ? low
        : buckets.isEmpty() ? null : buckets.firstKey();
      double last = Math.max(buckets.isEmpty() ? Double.NEGATIVE_INFINITY : buckets.lastKey(),
        high == null ? Double.NEGATIVE_INFINITY : high);
      if (first != null && last >= first) {
        long count = (long) Math.floor((last - first) / interval) + 1;
        if (count > Aggregations.MAX_BUCKETS) {
          throw Aggregations.tooManyBuckets(count);
        }
        for (long i = 0; i < count; i++) {
          buckets.computeIfAbsent(first + i * interval, k -> new DocSet());
        }
      }
    }
    return answer(request, buckets, key -> new JsonObject().put("key", key));
  }

  /**
   * {@code date_histogram}: keys are the start of the {@code calendar_interval} (minute to year, in
   * {@code time_zone}) or of the {@code fixed_interval} ({@code 30s}, {@code 12h}...) holding the date, in epoch
   * milliseconds, with {@code key_as_string} in {@code format} (ISO 8601 by default).
   */
  static JsonObject dateHistogram(Request request, DocSet docs) throws IOException {
    JsonObject options = request.options();
    ZoneId zone = zone(request);
    LongUnaryOperator round = rounding(request, zone);
    LongUnaryOperator next = following(request, zone);
    DateTimeFormatter format = format(request, zone);
    TreeMap<Long, DocSet> buckets = new TreeMap<>();
    if (request.field() != null) {
      docs.forEachValue(request.field(), (leaf, doc, value) -> {
        if (value != null) {
          buckets.computeIfAbsent(round.applyAsLong(((Number) value).longValue()), k -> new DocSet()).add(leaf, doc);
        }
      });
    }
    if (Aggregations.option(request, "min_doc_count", 0) == 0 && !buckets.isEmpty()) {
      JsonObject bounds = options.getJsonObject("extended_bounds", new JsonObject());
      long first = Math.min(buckets.firstKey(), bounds.getValue("min") == null ? Long.MAX_VALUE
        : round.applyAsLong(Dates.parse(bounds.getValue("min"))));
      long last = Math.max(buckets.lastKey(), bounds.getValue("max") == null ? Long.MIN_VALUE
        : round.applyAsLong(Dates.parse(bounds.getValue("max"))));
      long count = 0;
      for (long key = first; key <= last; key = next.applyAsLong(key)) {
        if (++count > Aggregations.MAX_BUCKETS) {
          throw Aggregations.tooManyBuckets(count);
        }
        buckets.computeIfAbsent(key, k -> new DocSet());
      }
    }
    return answer(request, buckets, key -> new JsonObject().put("key_as_string", format == null
      ? String.valueOf(key) : format.format(Instant.ofEpochMilli(key).atZone(zone))).put("key", key));
  }

  private static <K> JsonObject answer(Request request, TreeMap<K, DocSet> buckets,
      java.util.function.Function<K, JsonObject> key) throws IOException {
    JsonArray answer = new JsonArray();
    for (Map.Entry<K, DocSet> bucket : buckets.entrySet()) {
      answer.add(Aggregations.bucket(key.apply(bucket.getKey()), request, bucket.getValue()));
    }
    return new JsonObject().put("buckets", answer);
  }

  /** A date as Elasticsearch prints dates by default: {@code 2020-01-15T00:00:00.000Z}. */
  static String iso(long millis) {
    return ISO.format(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC));
  }

  private static ZoneId zone(Request request) {
    Object zone = request.options().getValue("time_zone");
    try {
      return zone == null ? ZoneOffset.UTC : ZoneId.of(String.valueOf(zone));
    } catch (DateTimeException e) {
      throw Indexer.badRequest("Unknown time zone [" + zone + "] in [" + request.name() + "]");
    }
  }

  /** The format of {@code key_as_string}: a date pattern, ISO 8601 by default; {@code null} for epoch millis. */
  private static DateTimeFormatter format(Request request, ZoneId zone) {
    Object format = request.options().getValue("format");
    if (format == null || String.valueOf(format).contains("date_optional_time")) {
      return ISO;
    }
    if (format.equals("epoch_millis")) {
      return null;
    }
    try {
      return DateTimeFormatter.ofPattern(String.valueOf(format)).withZone(zone);
    } catch (IllegalArgumentException e) {
      throw Indexer.badRequest("Invalid format: [" + format + "] in [" + request.name() + "]");
    }
  }

  private static LongUnaryOperator rounding(Request request, ZoneId zone) {
    Interval interval = interval(request);
    if (interval.fixed() > 0) {
      long size = interval.fixed();
      return millis -> {
        long offset = zone.getRules().getOffset(Instant.ofEpochMilli(millis)).getTotalSeconds() * 1000L;
        return Math.floorDiv(millis + offset, size) * size - offset;
      };
    }
    return millis -> calendarStart(Instant.ofEpochMilli(millis).atZone(zone), interval).toInstant().toEpochMilli();
  }

  private static LongUnaryOperator following(Request request, ZoneId zone) {
    Interval interval = interval(request);
    if (interval.fixed() > 0) {
      return key -> key + interval.fixed();
    }
    long months = interval.quarter() ? 3 : 1;
    return key -> Instant.ofEpochMilli(key).atZone(zone).plus(months, interval.unit()).toInstant().toEpochMilli();
  }

  private static ZonedDateTime calendarStart(ZonedDateTime date, Interval interval) {
    return switch (interval.unit()) {
      case MINUTES, HOURS, DAYS -> date.truncatedTo(interval.unit());
      case WEEKS -> date.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTHS -> {
        ZonedDateTime month = date.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
        yield interval.quarter() ? month.withMonth((month.getMonthValue() - 1) / 3 * 3 + 1) : month;
      }
      default -> date.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
    };
  }

  /** A calendar unit (a quarter is three months) or a fixed length in milliseconds. */
  private record Interval(ChronoUnit unit, boolean quarter, long fixed) {
  }

  private static Interval interval(Request request) {
    JsonObject options = request.options();
    Object calendar = options.getValue("calendar_interval");
    Object fixed = options.getValue("fixed_interval");
    Object legacy = options.getValue("interval");
    if (calendar != null) {
      ChronoUnit unit = CALENDAR.get(String.valueOf(calendar));
      if (unit == null) {
        throw Indexer.badRequest("The supplied interval [" + calendar + "] could not be parsed as a calendar "
          + "interval.");
      }
      return new Interval(unit, calendar.equals("quarter") || calendar.equals("1q"), 0);
    }
    Object text = fixed != null ? fixed : legacy;
    if (text == null) {
      throw Indexer.badRequest("Invalid interval specified, must be non-null and non-empty");
    }
    if (fixed == null && CALENDAR.containsKey(String.valueOf(text))) {
      return new Interval(CALENDAR.get(String.valueOf(text)), text.equals("quarter") || text.equals("1q"), 0);
    }
    Matcher matcher = FIXED.matcher(String.valueOf(text));
    if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
      throw Indexer.badRequest("failed to parse setting [date_histogram.fixedInterval] with value [" + text
        + "] as a time value");
    }
    long unit = switch (matcher.group(2)) {
      case "ms" -> 1;
      case "s" -> 1000;
      case "m" -> 60_000;
      case "h" -> 3_600_000;
      default -> 86_400_000;
    };
    return new Interval(null, false, Long.parseLong(matcher.group(1)) * unit);
  }

  private static double number(Request request, Object value, String name) {
    try {
      return Values.toDouble(value);
    } catch (IllegalArgumentException e) {
      throw Indexer.badRequest("[" + name + "] of [" + request.name() + "] must be a number");
    }
  }
}
