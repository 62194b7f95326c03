package io.kvx.document.storage;

/**
 * What a write did.
 *
 * @param before the document before the write, or {@code null} if it did not exist
 * @param after the document after the write, or {@code null} for a deletion
 */
public record WriteResult(StoredDocument before, StoredDocument after) {

  public boolean created() {
    return before == null && after != null;
  }
}
