/**
 * A Koncorde-compatible filter engine as a plain library: the filter DSL of Kuzzle's realtime subscriptions is
 * parsed and validated, normalized to a canonical disjunctive normal form identified by a deterministic
 * {@link io.kvx.realtime.filter.FilterId}, and indexed by operator so that {@link io.kvx.realtime.filter.FilterEngine}
 * matches a document without testing every filter in turn. Nothing here depends on a Vert.x event loop.
 */
package io.kvx.realtime.filter;
