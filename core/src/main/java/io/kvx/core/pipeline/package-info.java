/**
 * The request pipeline every protocol adapter goes through, in Kuzzle's order: argument checks, origin, throttling,
 * authentication, rights, rate limit, controller and action lookup, SDK version, then dispatch to the controller's
 * event-bus address. Authentication, rights and rate limiting are {@link io.kvx.core.pipeline.PipelineHooks}.
 */
package io.kvx.core.pipeline;
