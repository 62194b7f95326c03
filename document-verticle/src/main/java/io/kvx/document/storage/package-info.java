/**
 * The storage engine interface of the document verticle and what it exchanges: collection mappings and name rules.
 * Engines implement {@link io.kvx.document.storage.StorageEngine}; the behaviour tests are written once against it.
 */
package io.kvx.document.storage;
