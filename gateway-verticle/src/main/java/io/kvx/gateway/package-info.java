/**
 * The HTTP and WebSocket gateway: one listener (port 7512 by default) that turns HTTP requests and WebSocket frames
 * into Kuzzle request envelopes, runs them through the shared {@link io.kvx.core.pipeline.Pipeline} and writes the
 * responses back the way Kuzzle does, byte for byte where clients look.
 */
package io.kvx.gateway;
