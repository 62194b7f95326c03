/**
 * The MQTT gateway: Kuzzle's MQTT protocol (requests on {@code Kuzzle/request}, responses on
 * {@code Kuzzle/response}, notifications on channel topics) in front of the shared request pipeline.
 */
package io.kvx.mqtt;
