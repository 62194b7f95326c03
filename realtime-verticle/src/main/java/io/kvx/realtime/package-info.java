/**
 * The realtime verticle: the Koncorde-compatible filter engine, rooms, channels and subscriptions, the realtime
 * controller and the fan-out of notifications to the gateways holding subscribers' connections. Until a node deploys
 * it, realtime actions answer 503 {@code api.process.controller_unavailable}.
 */
package io.kvx.realtime;
