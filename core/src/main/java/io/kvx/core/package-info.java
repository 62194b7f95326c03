/**
 * The wire contract every KVX module shares: request and response envelopes ({@link io.kvx.core.api}), the
 * Kuzzle error catalogue ({@link io.kvx.core.error}), event-bus addresses and codecs ({@link io.kvx.core.bus}),
 * the controller registry and HTTP route table ({@link io.kvx.core.controller}), the request pipeline that every
 * protocol adapter goes through ({@link io.kvx.core.pipeline}) and typed configuration
 * ({@link io.kvx.core.config}).
 */
package io.kvx.core;
