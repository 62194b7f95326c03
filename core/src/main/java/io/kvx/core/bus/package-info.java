/**
 * Event-bus addresses and message codecs. Every address KVX uses is declared in {@link io.kvx.core.bus.Addresses};
 * messages between verticles are passed by reference inside a JVM and as compact JSON bytes across the cluster.
 */
package io.kvx.core.bus;
