package io.kvx.document.storage;

import io.vertx.core.json.JsonObject;

/**
 * A document as the engine keeps it.
 *
 * @param id the document's {@code _id}
 * @param version {@code _version}, 1 for a new document, incremented by each write
 * @param source {@code _source}, {@code _kuzzle_info} included
 */
public record StoredDocument(String id, long version, JsonObject source) {

  /** {@code {_id, _version, _source}}, as Kuzzle answers a document. */
  public JsonObject toJson() {
    return new JsonObject().put("_id", id).put("_version", version).put("_source", source);
  }
}
