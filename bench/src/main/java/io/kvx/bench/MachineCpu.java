package io.kvx.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy CPU time of the whole machine from the first line of {@code /proc/stat} (Linux only; -1 elsewhere), to tell
 * how much of the box something other than the server and the generator used during a measurement.
 */
public final class MachineCpu {

  private static final double TICKS_PER_SECOND = 100;
  /** user, nice, system, (idle, iowait skipped), irq, softirq, steal: indexes after the "cpu" label. */
  private static final int[] BUSY = {1, 2, 3, 6, 7, 8};

  private MachineCpu() {
  }

  /** Busy CPU seconds since boot, or -1. */
  public static double busySeconds() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long ticks = 0;
      for (int index : BUSY) {
        ticks += Long.parseLong(fields[index]);
      }
      return ticks / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
