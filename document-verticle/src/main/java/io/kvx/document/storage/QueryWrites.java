package io.kvx.document.storage;

import io.kvx.core.error.KuzzleError;

import java.util.List;

/**
 * What a write by query did: the documents written, in index order, and those it could not write.
 *
 * @param written one result per document written; for a deletion, {@link WriteResult#after()} is {@code null}
 * @param failed the documents that matched but could not be written, with the reason
 */
public record QueryWrites(List<WriteResult> written, List<Failure> failed) {

  /** A matching document that was left as it was. */
  public record Failure(String id, KuzzleError error) {
  }
}
