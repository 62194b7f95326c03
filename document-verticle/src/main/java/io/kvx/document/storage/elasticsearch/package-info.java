/**
 * The {@code elasticsearch} storage engine: Kuzzle indexes, collections and documents kept in an Elasticsearch 7/8
 * or OpenSearch 2 cluster, reached through its REST API with the Vert.x web client.
 */
package io.kvx.document.storage.elasticsearch;
