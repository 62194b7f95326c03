/**
 * The document verticle: Kuzzle's index, collection, document, bulk and admin data controllers, the storage engine
 * interface with its engines (embedded Lucene, Elasticsearch/OpenSearch), collection specifications, the internal
 * storage of KVX's own data, and the change events every notifying write publishes. The admin cache, dump and
 * shutdown actions answer 503 {@code api.process.controller_unavailable}.
 */
package io.kvx.document;
