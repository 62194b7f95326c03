package io.kvx.document.storage.elasticsearch;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.StoredDocument;
import io.vertx.core.json.JsonObject;

/**
 * A document as read with its sequence number and primary term, the pair a write gives back in
 * {@code if_seq_no}/{@code if_primary_term} so that it applies only if nobody wrote in between.
 */
record Versioned(StoredDocument document, long seqNo, long primaryTerm) {

  /** Reads a {@code GET _doc} answer that found the document. */
  static Versioned of(JsonObject found) {
    return new Versioned(new StoredDocument(found.getString("_id"), found.getLong("_version"),
      found.getJsonObject("_source", new JsonObject())), found.getLong("_seq_no"), found.getLong("_primary_term"));
  }

  /** Adds the write condition to the metadata of a {@code _bulk} action. */
  JsonObject condition(JsonObject metadata) {
    return metadata.put("if_seq_no", seqNo).put("if_primary_term", primaryTerm);
  }

  /** Thrown by an attempt that lost a race with another write of the same document: the attempt is started over. */
  static final class Conflict extends RuntimeException {
    Conflict() {
      super("version conflict", null, false, false);
    }
  }

  static KuzzleError tooManyChanges(String id) {
    return KuzzleError.of("services.storage.too_many_changes", id);
  }
}
