package io.kvx.document.storage;

import io.kvx.document.storage.embedded.EmbeddedEngine;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedEngineTest extends StorageEngineContract {

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
}
