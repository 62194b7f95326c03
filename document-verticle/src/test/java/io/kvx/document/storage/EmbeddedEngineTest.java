package io.kvx.document.storage;

import io.kvx.document.storage.embedded.EmbeddedEngine;
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
