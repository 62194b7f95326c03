package io.kvx.bench;

import org.HdrHistogram.Histogram;

/**
 * One measured window against one server.
 *
 * @param answers answers received in the window
 * @param seconds length of the window
 * @param p50Ms median latency
 * @param p99Ms 99th percentile latency
 * @param maxMs slowest answer
 * @param errors error answers and failed requests in the window (not in {@code answers})
 * @param serverCpu CPU the server used, in cores (2.0 = both cores of a 2-core box busy); -1 if unknown
 * @param generatorCpu CPU the load generator used, in cores; -1 if unknown
 * @param otherCpu CPU the rest of the machine used meanwhile (other processes, kernel threads), in cores; -1 if
 *     unknown. Much of it means the figures were disturbed.
 */
public record LoadResult(long answers, double seconds, double p50Ms, double p99Ms, double maxMs, long errors,
    double serverCpu, double generatorCpu, double otherCpu) {
  public static LoadResult of(Histogram latencies, double seconds, long errors, double serverCpu, double generatorCpu,
      double otherCpu) {
    return new LoadResult(latencies.getTotalCount(), seconds, latencies.getValueAtPercentile(50) / 1_000.0,
      latencies.getValueAtPercentile(99) / 1_000.0, latencies.getMaxValue() / 1_000.0, errors, serverCpu,
      generatorCpu, otherCpu);
  }

  public double perSecond() {
    return answers / seconds;
  }

  /** Server CPU per answer in microseconds, or -1 if unknown. */
  public double serverMicrosPerAnswer() {
    return serverCpu < 0 || answers == 0 ? -1 : serverCpu * seconds * 1_000_000 / answers;
  }
}
