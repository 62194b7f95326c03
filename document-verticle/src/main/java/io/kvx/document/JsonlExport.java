package io.kvx.document;

import io.kvx.document.storage.SearchResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * JSON Lines, Kuzzle's default export format: a first line {@code {"collection", "index", "type": "collection"}}
 * naming where the documents come from, then one {@code {"_id", "body"}} line per document, {@code body} being its
 * whole {@code _source} ({@code _kuzzle_info} included). The {@code fields} argument does not apply.
 */
final class JsonlExport implements ExportFormat {

  private final String index;
  private final String collection;

  JsonlExport(String index, String collection) {
    this.index = index;
    this.collection = collection;
  }

  /** Kuzzle's own value for JSON Lines, kept for compatibility although it is no registered media type. */
  @Override
  public String contentType() {
    return "html/text";
  }

  @Override
  public String extension() {
    return "jsonl";
  }

  @Override
  public void header(Buffer out) {
    out.appendBuffer(new JsonObject().put("collection", collection).put("index", index).put("type", "collection")
      .toBuffer()).appendByte((byte) '\n');
  }

  @Override
  public void line(Buffer out, SearchResult.Hit hit) {
    out.appendBuffer(new JsonObject().put("_id", hit.id()).put("body", hit.source()).toBuffer())
      .appendByte((byte) '\n');
  }
}
