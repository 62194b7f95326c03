/**
 * Document throughput of a KVX jar over WebSocket: {@code document:create}, {@code mCreate} and {@code get} from many
 * connections with requests in flight on each, against a fresh server per run. {@link
 * io.kvx.bench.documents.DocumentsBench} is the entry point; it reuses the metering and CPU classes of
 * {@link io.kvx.bench}.
 */
package io.kvx.bench.documents;
