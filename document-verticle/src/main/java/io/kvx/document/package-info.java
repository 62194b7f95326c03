/**
 * The document verticle: Kuzzle's index, collection, document, bulk and admin data controllers, the storage engine
 * interface with its engines, and the change events every write publishes. The index and collection controllers
 * are served; document, bulk and admin data actions answer 503 {@code api.process.controller_unavailable} until
 * they are written.
 */
package io.kvx.document;
