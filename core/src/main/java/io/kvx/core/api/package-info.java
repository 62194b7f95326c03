/**
 * The request and response envelopes of Kuzzle's API (one JSON object each way) and the context a request
 * carries through the pipeline: which connection and protocol it came from and which user sent it.
 */
package io.kvx.core.api;
