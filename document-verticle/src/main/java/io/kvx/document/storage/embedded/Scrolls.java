package io.kvx.document.storage.embedded;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.SearchResult;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Open scrolls by id, each kept until its duration runs out ({@link #sweep}, run with the periodic refresh) or its
 * last page is served. Thread-safe: each method holds the registry's lock, so that a page is read from a cursor on
 * one thread at a time and never from a cursor being released.
 */
final class Scrolls {

  private final Map<String, Cursor> open = new HashMap<>();

  /** Opens a scroll on a cursor whose first page is served; answers its id. */
  synchronized String add(Cursor cursor, long scrollMillis, long now) {
    String id = Ids.generate() + Ids.generate();
    cursor.keepUntil(now + scrollMillis);
    if (cursor.exhausted()) {
      // Kuzzle clears a scroll when a scroll call serves its last page; the snapshot is not needed until then.
      cursor.release();
    }
    open.put(id, cursor);
    return id;
  }

  /**
   * The next page of a scroll, which stays open {@code scrollMillis} more, or is closed if this page is its last;
   * {@code services.storage.unknown_scroll_id} if it is unknown or expired.
   */
  synchronized SearchResult next(String id, long scrollMillis, long now) throws IOException {
    Cursor cursor = open.get(id);
    if (cursor == null || cursor.expiresAt() <= now) {
      close(id);
      throw KuzzleError.of("services.storage.unknown_scroll_id");
    }
    SearchResult page = cursor.result(cursor.next(), id);
    if (cursor.exhausted()) {
      close(id);
    } else {
      cursor.keepUntil(now + scrollMillis);
    }
    return page;
  }

  synchronized void sweep(long now) {
    open.values().removeIf(cursor -> {
      boolean expired = cursor.expiresAt() <= now;
      if (expired) {
        cursor.release();
      }
      return expired;
    });
  }

  /** Closes the scrolls of a collection about to be closed. */
  synchronized void drop(LuceneCollection documents) {
    for (Iterator<Cursor> cursors = open.values().iterator(); cursors.hasNext(); ) {
      Cursor cursor = cursors.next();
      if (cursor.documents() == documents) {
        cursor.release();
        cursors.remove();
      }
    }
  }

  synchronized void clear() {
    open.values().forEach(Cursor::release);
    open.clear();
  }

  synchronized int size() {
    return open.size();
  }

  private void close(String id) {
    Cursor cursor = open.remove(id);
    if (cursor != null) {
      cursor.release();
    }
  }
}
