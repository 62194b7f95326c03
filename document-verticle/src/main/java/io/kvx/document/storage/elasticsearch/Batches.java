package io.kvx.document.storage.elasticsearch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The single-document requests of the engine, sent in batches: writes as {@code _bulk} requests, reads as
 * {@code _mget} requests (both real-time and per-document, so a document answers exactly as its own request would).
 * Each operation gets back a {@link Reply} shaped like the answer of its own request: its status, and its item as
 * the body.
 */
final class Batches {

  /** Batches out at once; the connection pool has more, for searches and the other requests. */
  private static final int IN_FLIGHT = 4;
  /** Operations per batch: Elasticsearch's own advice is to keep bulks to a few megabytes. */
  private static final int OPERATIONS = 1000;
  private static final long BYTES = 4L << 20;

  /** One write: its action line and, but for deletions, its source line. */
  record Write(Buffer lines) {
  }

  /** One read: the document's Elasticsearch index and id, with or without its source. */
  record Read(String index, String id, boolean source) {
  }

  private final Rest rest;
  private final Batcher<Boolean, Write, Reply> writes;
  private final Batcher<Boolean, Read, Reply> reads;

  Batches(Vertx vertx, Rest rest) {
    this.rest = rest;
    this.writes = new Batcher<>(vertx, this::bulk, IN_FLIGHT, OPERATIONS, BYTES, write -> write.lines().length());
    this.reads = new Batcher<>(vertx, (ignored, operations) -> mget(operations), IN_FLIGHT, OPERATIONS, BYTES,
      read -> read.id().length() + read.index().length() + 32);
  }

  /**
   * Writes through {@code _bulk}; {@code refresh} is the request's {@code refresh=wait_for} (a batch has one).
   *
   * @param action {@code index}, {@code create} or {@code delete}, with its metadata ({@code _index}, {@code _id},
   *     conditions)
   * @param source the document, {@code null} for a deletion
   */
  Future<Reply> write(String action, JsonObject metadata, JsonObject source, boolean refresh) {
    Buffer lines = new JsonObject().put(action, metadata).toBuffer().appendByte((byte) '\n');
    if (source != null) {
      lines.appendBuffer(source.toBuffer()).appendByte((byte) '\n');
    }
    return writes.submit(refresh, new Write(lines));
  }

  /** Reads through {@code _mget}: 200 with the document, 404 without an error if there is none. */
  Future<Reply> read(String index, String id, boolean source) {
    return reads.submit(Boolean.TRUE, new Read(index, id, source));
  }

  private Future<List<Reply>> bulk(boolean refresh, List<Write> operations) {
    Buffer body = Buffer.buffer();
    operations.forEach(write -> body.appendBuffer(write.lines()));
    return rest.bulk("/_bulk?" + Indices.refresh(refresh), body).map(reply -> {
      if (!reply.ok()) {
        return same(reply, operations.size());
      }
      JsonArray items = reply.json().getJsonArray("items");
      List<Reply> answers = new ArrayList<>(items.size());
      for (Object item : items) {
        // Each item is {action: result}, its result carrying the status the single request would have answered.
        JsonObject result = (JsonObject) ((JsonObject) item).iterator().next().getValue();
        answers.add(new Reply(result.getInteger("status", 500), result.toBuffer()));
      }
      return answers;
    });
  }

  private Future<List<Reply>> mget(List<Read> operations) {
    JsonArray docs = new JsonArray();
    for (Read read : operations) {
      JsonObject doc = new JsonObject().put("_index", read.index()).put("_id", read.id());
      docs.add(read.source() ? doc : doc.put("_source", false));
    }
    return rest.json(HttpMethod.POST, "/_mget", new JsonObject().put("docs", docs)).map(reply -> {
      if (!reply.ok()) {
        return same(reply, operations.size());
      }
      List<Reply> answers = new ArrayList<>(operations.size());
      for (Object doc : reply.json().getJsonArray("docs")) {
        JsonObject found = (JsonObject) doc;
        JsonObject error = found.getJsonObject("error");
        int status = error != null ? ("index_not_found_exception".equals(error.getString("type")) ? 404 : 500)
          : found.getBoolean("found", false) ? 200 : 404;
        answers.add(new Reply(status, found.toBuffer()));
      }
      return answers;
    });
  }

  private static List<Reply> same(Reply reply, int count) {
    List<Reply> answers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      answers.add(reply);
    }
    return answers;
  }
}
