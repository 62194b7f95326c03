package io.kvx.bench.filters;

import java.nio.file.Path;

/**
 * How one engine is timed; {@code bench/koncorde/driver.js} takes the same flags with the same defaults.
 *
 * @param warmupSeconds documents are tested this long before the timed sweep, to warm the JIT up
 * @param measureSeconds the timed sweep lasts at least this long
 * @param minPasses and covers at least this many passes over the documents
 * @param capSeconds unless it has already lasted this long: a slower engine is then timed on part of a pass
 * @param attempts a timed registration or sweep is run again, up to this many times in all, while other processes
 *     keep more than {@code maxOtherCores} busy during it; the least disturbed run counts
 * @param maxOtherCores see {@code attempts}
 * @param checkDir when not null, one more pass writes each document's matches there for the cross-check
 */
record MeasureOptions(double warmupSeconds, double measureSeconds, int minPasses, double capSeconds, int attempts,
    double maxOtherCores, Path checkDir) {
}
