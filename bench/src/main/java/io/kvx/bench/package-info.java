/**
 * Load generator and memory probe comparing KVX with bare Vert.x servers in the same run. {@link io.kvx.bench.Bench}
 * is the entry point; servers run in child JVMs ({@link io.kvx.bench.BareServer}, {@link io.kvx.bench.KvxChild}) so
 * that the generator and the server do not share a heap or JIT.
 */
package io.kvx.bench;
