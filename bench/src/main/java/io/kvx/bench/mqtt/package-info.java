/**
 * MQTT benchmarks: Kuzzle requests and notifications over KVX's MQTT gateway, and plain publish/subscribe with
 * {@code allowPubSub} against the Mosquitto broker in the same run. {@link io.kvx.bench.mqtt.MqttBench} is the entry
 * point; it reuses the child-process, metering and CPU classes of {@link io.kvx.bench}.
 */
package io.kvx.bench.mqtt;
