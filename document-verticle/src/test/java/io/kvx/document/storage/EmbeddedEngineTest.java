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
}
