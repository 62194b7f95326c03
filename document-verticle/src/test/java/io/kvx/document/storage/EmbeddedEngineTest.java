package io.kvx.document.storage;

import io.kvx.document.storage.embedded.EmbeddedEngine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedEngineTest extends StorageEngineContract implements QueryContract, SearchPagingContract,
    MappingContract, WriteByQueryContract, AggregationContract, HighlightContract {
  @TempDir
  Path dataDir;

  @Override
  protected StorageEngine open(Vertx on) throws Exception {
    return await(EmbeddedEngine.open(on, dataDir));
  }

  @Test
  void reopen_findsIndexesCollectionsAndMappingsAgain() throws Exception {
    await(engine.createCollection("shop", "items", new JsonObject("{\"dynamic\":\"true\",\"properties\":"
      + "{\"name\":{\"type\":\"text\"}}}"), new JsonObject().put("a", 1)));
    await(engine.createIndex("empty"));
    await(engine.close());
    engine = open(vertx);
    assertThat(await(engine.listIndexes())).containsExactly("empty", "shop");
    assertThat(await(engine.getMapping("shop", "items")).dynamic()).isEqualTo("true");
    assertThat(await(engine.getSettings("shop", "items"))).isEqualTo(new JsonObject().put("a", 1));
  }

  @Test
  void reopen_findsAcknowledgedDocumentsAgain() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    for (int i = 0; i < 20; i++) {
      await(engine.write("shop", "items", "d" + i, new JsonObject().put("i", i), WriteMode.CREATE, false));
    }
    await(engine.delete("shop", "items", "d0", false));
    await(engine.close());
    engine = open(vertx);
    assertThat(await(engine.get("shop", "items", "d7")).source().getInteger("i")).isEqualTo(7);
    assertThat(await(engine.exists("shop", "items", "d0"))).isFalse();
    assertThat(await(engine.stats()).getJsonArray("indexes").getJsonObject(0).getJsonArray("collections")
      .getJsonObject(0).getLong("documentCount")).isEqualTo(19);
  }

  /**
   * The periodic refresh keeps running while an event loop keeps thousands of writes queued, so that the live copies
   * of unrefreshed writes cannot pile up. With storage tasks as Vert.x ordered tasks, this failed: the writer
   * context's queue kept the storage thread, and the marker stayed unsearchable until the stream ended.
   */
  /** Writes in flight in that test: more than one task of the storage thread takes, as a loading client keeps. */
  private static final int CHAINS = 4000;

  @Test
  void refresh_isNotHeldBackByAStreamOfWrites() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    long streamEnds = System.nanoTime() + 5_000_000_000L;
    Context writer = vertx.getOrCreateContext();
    Promise<Void> streamed = Promise.promise();
    AtomicInteger running = new AtomicInteger(CHAINS);
    writer.runOnContext(v -> {
      for (int chain = 0; chain < CHAINS; chain++) {
        writeUntil(streamEnds, running, streamed);
      }
    });
    await(engine.write("shop", "items", "marker", new JsonObject().put("n", -1), WriteMode.CREATE, false));
    long written = System.nanoTime();
    JsonObject byId = new JsonObject("{\"query\":{\"ids\":{\"values\":[\"marker\"]}}}");
    while (await(engine.count("shop", "items", byId)) == 0 && System.nanoTime() < streamEnds) {
      Thread.sleep(50);
    }
    long searchableAfterMs = (System.nanoTime() - written) / 1_000_000;
    boolean streamStillRunning = System.nanoTime() < streamEnds;
    await(streamed.future());
    assertThat(streamStillRunning).as("marker searchable %d ms after its write, during the stream", searchableAfterMs)
      .isTrue();
    assertThat(searchableAfterMs).isLessThan(3000);
  }

  private void writeUntil(long deadline, AtomicInteger running, Promise<Void> streamed) {
    if (System.nanoTime() >= deadline) {
      if (running.decrementAndGet() == 0) {
        streamed.complete();
      }
      return;
    }
    engine.write("shop", "items", null, new JsonObject().put("n", 1), WriteMode.CREATE, false)
      .onComplete(done -> writeUntil(deadline, running, streamed));
  }

  /** What a killed process leaves: the files as they are, no close, no checkpoint since the collection opened. */
  private Path crashCopy() throws Exception {
    Path copy = Files.createTempDirectory("kvx-crash");
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(dataDir.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.getFileName().toString().equals("write.lock")) {
          Files.copy(file, target);
        }
      }
    }
    return copy;
  }

  @Test
  void crash_replaysAcknowledgedWritesThatNoLuceneCommitCovers() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    List<Future<WriteResult>> writes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      writes.add(engine.write("shop", "items", "d" + i, new JsonObject().put("i", i), WriteMode.CREATE, false));
    }
    await(Future.all(writes));
    await(engine.update("shop", "items", "d1", new JsonObject().put("i", -1), false));
    await(engine.delete("shop", "items", "d2", false));
    Path copy = crashCopy();
    try (Stream<Path> logs = Files.list(copy.resolve("log"))) {
      assertThat(logs.count()).isPositive();
    }
    StorageEngine recovered = await(EmbeddedEngine.open(vertx, copy));
    try {
      assertThat(await(recovered.get("shop", "items", "d1")).source().getInteger("i")).isEqualTo(-1);
      assertThat(await(recovered.get("shop", "items", "d1")).version()).isEqualTo(2);
      assertThat(await(recovered.exists("shop", "items", "d2"))).isFalse();
      assertThat(await(recovered.count("shop", "items", new JsonObject()))).isEqualTo(499);
    } finally {
      await(recovered.close());
    }
  }

  @Test
  void crash_afterACleanRestart_replaysTheWritesMadeSince() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    await(engine.write("shop", "items", "before", new JsonObject(), WriteMode.CREATE, false));
    await(engine.close());
    engine = open(vertx);
    await(engine.write("shop", "items", "after", new JsonObject(), WriteMode.CREATE, false));
    StorageEngine recovered = await(EmbeddedEngine.open(vertx, crashCopy()));
    try {
      assertThat(await(recovered.exists("shop", "items", "before"))).isTrue();
      assertThat(await(recovered.exists("shop", "items", "after"))).isTrue();
    } finally {
      await(recovered.close());
    }
  }

  @Test
  void crash_ignoresATornLastLogRecord() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    for (int i = 0; i < 3; i++) {
      await(engine.write("shop", "items", "d" + i, new JsonObject().put("i", i), WriteMode.CREATE, false));
    }
    Path copy = crashCopy();
    Path log;
    try (Stream<Path> logs = Files.list(copy.resolve("log"))) {
      log = logs.max(Comparator.naturalOrder()).orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(log);
    Files.write(log, Arrays.copyOf(bytes, bytes.length - 5));
    StorageEngine recovered = await(EmbeddedEngine.open(vertx, copy));
    try {
      assertThat(await(recovered.exists("shop", "items", "d1"))).isTrue();
      assertThat(await(recovered.exists("shop", "items", "d2"))).isFalse();
      await(recovered.write("shop", "items", "d2", new JsonObject(), WriteMode.CREATE, false));
    } finally {
      await(recovered.close());
    }
  }

  @Test
  void crash_doesNotReplayADeletedCollectionIntoItsReCreation() throws Exception {
    await(engine.createCollection("shop", "items", null, null));
    await(engine.write("shop", "items", "old", new JsonObject(), WriteMode.CREATE, false));
    await(engine.deleteCollection("shop", "items"));
    await(engine.createCollection("shop", "items", null, null));
    StorageEngine recovered = await(EmbeddedEngine.open(vertx, crashCopy()));
    try {
      assertThat(await(recovered.exists("shop", "items", "old"))).isFalse();
    } finally {
      await(recovered.close());
    }
  }

  @Test
  void reopen_reindexesCollectionsWrittenBeforeFieldsWereIndexed() throws Exception {
    await(engine.close());
    Path collection = Files.createDirectories(dataDir.resolve("indexes/old/items"));
    Files.writeString(dataDir.resolve("indexes/old/index.json"), "{\"createdAt\":1}");
    Files.writeString(collection.resolve("collection.json"), "{\"mapping\":{\"dynamic\":\"true\",\"_meta\":{},"
      + "\"properties\":{\"n\":{\"type\":\"integer\"}}},\"settings\":{}}");
    try (FSDirectory directory = FSDirectory.open(collection.resolve("lucene"));
         IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
      for (int i = 0; i < 3; i++) {
        Document document = new Document();
        document.add(new StringField("_id", "d" + i, Field.Store.YES));
        document.add(new StoredField("_version", 1L));
        document.add(new StoredField("_source", new JsonObject().put("n", i).put("word", "w" + i).toBuffer()
          .getBytes()));
        writer.addDocument(document);
      }
    }
    engine = open(vertx);
    assertThat(await(engine.search("old", "items", new JsonObject("{\"query\":{\"range\":{\"n\":{\"gte\":1}}},"
      + "\"sort\":\"_id\"}"), 0)).hits()).extracting(SearchResult.Hit::id).containsExactly("d1", "d2");
    assertThat(await(engine.count("old", "items", new JsonObject("{\"query\":{\"match\":{\"word\":\"w0\"}}}"))))
      .isEqualTo(1);
    assertThat(await(engine.getMapping("old", "items")).properties().containsKey("word")).isTrue();
    assertThat(await(engine.get("old", "items", "d2")).version()).isEqualTo(1);
  }

  @Test
  void scrolls_releaseTheirSnapshotWhenClosedOrExpired() throws Exception {
    products();
    EmbeddedEngine embedded = (EmbeddedEngine) engine;
    SearchResult served = await(engine.search("shop", "items", new JsonObject("{\"size\":4}"), 10_000));
    await(engine.search("shop", "items", new JsonObject("{\"size\":1}"), 300));
    assertThat(await(embedded.openScrolls())).isEqualTo(2);
    await(engine.scroll(served.scrollId(), 10_000));
    long deadline = System.currentTimeMillis() + 3000;
    while (await(embedded.openScrolls()) > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(await(embedded.openScrolls())).isZero();
  }
}
