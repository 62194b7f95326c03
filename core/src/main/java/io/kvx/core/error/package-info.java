/**
 * Kuzzle's error catalogue. Every error a client can see has an id {@code domain.subdomain.name}, a numeric
 * code {@code (domain << 24) | (subdomain << 16) | error} and an HTTP status fixed by its error class. The
 * definitions are data, loaded once from {@code io/kvx/core/errors.json}.
 */
package io.kvx.core.error;
