/**
 * The security verticle: Kuzzle's auth and security controllers, the local strategy, tokens and API keys, and the
 * rights data behind the pipeline's authentication and authorization hooks. Until a node deploys it, the pipeline
 * runs every request as the anonymous user with every right, and auth and security actions answer 503
 * {@code api.process.controller_unavailable}.
 */
package io.kvx.security;
