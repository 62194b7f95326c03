/**
 * The launcher: reads the configuration, builds the node's shared state and deploys the verticles of the roles the
 * node runs; one runnable jar, {@code java -jar kvx.jar [--config FILE]}.
 */
package io.kvx.server;
