package io.kvx.document;

import io.kvx.core.bus.Chunk;
import io.kvx.core.bus.ChunkSource;
import io.kvx.document.storage.SearchResult;
import io.kvx.document.storage.StorageEngine;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * The chunks of one export: the header and the first page of the search, then one chunk per page of its scroll,
 * until a page ends it. Only the page being formatted is held in memory.
 */
final class ExportSource implements ChunkSource {

  private final StorageEngine engine;
  private final ExportFormat format;
  private final long scrollMillis;
  private SearchResult first;
  private String scrollId;

  /**
   * @param first the first page, already searched (so that a bad query is answered as an error, not as a stream)
   * @param scrollMillis how long the scroll stays open between two pages
   */
  ExportSource(StorageEngine engine, ExportFormat format, SearchResult first, long scrollMillis) {
    this.engine = engine;
    this.format = format;
    this.first = first;
    this.scrollMillis = scrollMillis;
  }

  // Limitation: a chunk is a whole page, held in memory on both sides of the bus while it is formatted and sent;
  // for documents of hundreds of kilobytes a smaller size argument keeps it small, a cap in bytes would do it alone.
  @Override
  public Future<Chunk> next() {
    if (first != null) {
      SearchResult page = first;
      first = null;
      Buffer out = Buffer.buffer();
      format.header(out);
      return Future.succeededFuture(chunk(out, page));
    }
    return engine.scroll(scrollId, scrollMillis).map(page -> chunk(Buffer.buffer(), page));
  }

  private Chunk chunk(Buffer out, SearchResult page) {
    for (SearchResult.Hit hit : page.hits()) {
      format.line(out, hit);
    }
    scrollId = page.scrollId();
    boolean last = scrollId == null || page.hits().isEmpty() || page.remaining() != null && page.remaining() <= 0;
    return new Chunk(out, last);
  }

  @Override
  public void close() {
    // Limitation: the storage engine interface cannot clear a scroll, so the scroll of an export cancelled midway
    // stays open until its duration runs out; a clearScroll method on the engine would free it at once.
    first = null;
  }
}
