/**
 * KVX's realtime filter engine against Koncorde 4.7.0, on one seeded data set: {@link io.kvx.bench.filters.FilterBench}
 * times {@link io.kvx.realtime.filter.FilterEngine} with the protocol of {@code bench/koncorde/driver.js}, then
 * compares both engines' figures and matches. {@code bench/filters.sh} runs the whole comparison.
 */
package io.kvx.bench.filters;
