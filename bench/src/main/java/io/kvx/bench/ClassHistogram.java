package io.kvx.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Live-object counts by class, parsed from {@code jcmd GC.class_histogram}, and the growth between two of them. */
final class ClassHistogram {

  private static final Logger LOG = LoggerFactory.getLogger(ClassHistogram.class);
  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

  private final Map<String, long[]> rows = new HashMap<>();

  private ClassHistogram() {
  }

  static ClassHistogram parse(String text) {
    ClassHistogram histogram = new ClassHistogram();
    Matcher row = ROW.matcher(text);
    while (row.find()) {
      histogram.rows.put(row.group(3), new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))});
    }
    return histogram;
  }

  /** Logs the classes that grew most from {@code before} to this one, per connection. */
  void logGrowth(ClassHistogram before, int connections, int top) {
    Map<String, long[]> growth = new HashMap<>();
    rows.forEach((type, now) -> {
      long[] then = before.rows.getOrDefault(type, new long[2]);
      growth.put(type, new long[] {now[0] - then[0], now[1] - then[1]});
    });
    long total = growth.values().stream().mapToLong(delta -> delta[1]).sum();
    LOG.info("  Heap growth by class ({} bytes per connection in all):", total / Math.max(1, connections));
    LOG.info("    bytes/conn  objects/conn  class");
    growth.entrySet().stream()
      .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
      .limit(top)
      .forEach(entry -> LOG.info(String.format("    %10.1f  %12.2f  %s", (double) entry.getValue()[1] / connections,
        (double) entry.getValue()[0] / connections, entry.getKey())));
  }
}
