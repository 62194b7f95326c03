package io.kvx.bench.filters;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;

/**
 * The cores that other processes kept busy during a measurement: the machine's CPU load (which the JDK computes
 * since its previous reading) less this process's CPU time. A high figure marks a disturbed measurement.
 */
final class CpuProbe {

  private static final OperatingSystemMXBean OS =
    (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final long startNanos;
  private final long startCpuNanos;

  private CpuProbe(long startNanos, long startCpuNanos) {
    this.startNanos = startNanos;
    this.startCpuNanos = startCpuNanos;
  }

  static CpuProbe start() {
    OS.getCpuLoad();
    return new CpuProbe(System.nanoTime(), OS.getProcessCpuTime());
  }

  /** Cores used by other processes since {@link #start()}; 0 when the JDK cannot tell. */
  double otherCores() {
    double load = OS.getCpuLoad();
    double elapsed = System.nanoTime() - startNanos;
    double own = (OS.getProcessCpuTime() - startCpuNanos) / elapsed;
    return load < 0 ? 0 : Math.max(0, load * OS.getAvailableProcessors() - own);
  }
}
