/**
 * Controllers and their HTTP routes. Kuzzle's core controllers are declared in {@code io/kvx/core/api.json}; other
 * verticles add controllers at run time by announcing them on the event bus
 * ({@link io.kvx.core.controller.ApiController}).
 * The {@link io.kvx.core.controller.ControllerRegistry} of each node merges both and resolves HTTP paths.
 */
package io.kvx.core.controller;
