/**
 * Configuration. The whole configuration is one JSON tree shaped like Kuzzle's {@code .kuzzlerc} (sections
 * {@code server}, {@code http}, {@code limits}, ...), read from a JSON or YAML file and overridden by environment
 * variables; each module reads its part through a typed options class whose {@code DEFAULT_*} constants are
 * Kuzzle's defaults.
 */
package io.kvx.core.config;
