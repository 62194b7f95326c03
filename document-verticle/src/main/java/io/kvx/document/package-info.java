/**
 * The document verticle: Kuzzle's index, collection, document, bulk and admin data controllers, the storage engine
 * interface with its engines, and the change events every write publishes. Its controllers are routed by every
 * gateway already; until a node deploys this verticle, their actions answer 503
 * {@code api.process.controller_unavailable}.
 */
package io.kvx.document;
