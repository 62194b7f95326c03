/**
 * Kuzzle's {@code server} controller: server information and capabilities, the public route table and its OpenAPI
 * form, health check, metrics, configuration, and the deprecated statistics frames. Every gateway instance serves
 * it through {@link io.kvx.gateway.server.ServerController}.
 */
package io.kvx.gateway.server;
