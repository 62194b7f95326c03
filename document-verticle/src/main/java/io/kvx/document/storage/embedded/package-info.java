/**
 * The {@code embedded} storage engine, KVX's default: everything on the local disk under one data directory,
 * {@code indexes/<index>/<collection>/}, with the collection's mapping and settings in {@code collection.json}.
 */
package io.kvx.document.storage.embedded;
