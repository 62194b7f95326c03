package io.kvx.document;

import io.kvx.document.storage.SearchResult;
import io.vertx.core.buffer.Buffer;

/** How {@code document:export} writes documents: a header, then one line per document, each ended by a newline. */
interface ExportFormat {

  /** The {@code Content-Type} of the download. */
  String contentType();

  /** The extension of the download's file name. */
  String extension();

  /** Appends the header line to {@code out}. */
  void header(Buffer out);

  /** Appends the line of one document to {@code out}. */
  void line(Buffer out, SearchResult.Hit hit);
}
