package io.kvx.document.storage;

/** How a write treats an existing document. */
public enum WriteMode {
  /** Fails with {@code services.storage.document_already_exists} if the document exists. */
  CREATE,
  /** Creates or replaces. */
  CREATE_OR_REPLACE,
  /** Fails with {@code services.storage.not_found} if the document does not exist. */
  REPLACE
}
