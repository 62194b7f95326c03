package io.kvx.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU used by each thread of a process, read from {@code /proc/PID/task/TID/stat} (Linux only; elsewhere the
 * snapshot is empty). Shows whether a server is bound by one thread, such as a single busy event loop.
 */
public final class ThreadCpu {

  /** {@code getconf CLK_TCK} on Linux. */
  private static final double TICKS_PER_SECOND = 100;
  /** Indexes of utime and stime (fields 14 and 15 of proc(5)) once pid and (comm) are cut off. */
  private static final int UTIME = 11;
  private static final int STIME = 12;

  private final Map<String, Long> ticks;

  private ThreadCpu(Map<String, Long> ticks) {
    this.ticks = ticks;
  }

  public static ThreadCpu snapshot(long pid) {
    Map<String, Long> ticks = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      tasks.forEach(task -> read(task, ticks));
    } catch (IOException | RuntimeException e) {
      // Not Linux, or the process is gone: no per-thread figures.
    }
    return new ThreadCpu(ticks);
  }

  private static void read(Path task, Map<String, Long> ticks) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      String name = stat.substring(open + 1, close);
      String[] fields = stat.substring(close + 2).split(" ");
      long used = Long.parseLong(fields[UTIME]) + Long.parseLong(fields[STIME]);
      ticks.put(task.getFileName() + " " + name, used);
    } catch (IOException | RuntimeException e) {
      // The thread ended between listing and reading.
    }
  }

  /** The busiest threads since {@code before}, as "name 0.93" (cores), busiest first. */
  public String busiestSince(ThreadCpu before, double seconds, int top) {
    return ticks.entrySet().stream()
      .map(entry -> Map.entry(entry.getKey(), entry.getValue() - before.ticks.getOrDefault(entry.getKey(), 0L)))
      .filter(entry -> entry.getValue() > 0)
      .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
      .limit(top)
      .map(entry -> String.format("%s %.2f", entry.getKey().substring(entry.getKey().indexOf(' ') + 1),
        entry.getValue() / TICKS_PER_SECOND / seconds))
      .collect(Collectors.joining(", "));
  }
}
