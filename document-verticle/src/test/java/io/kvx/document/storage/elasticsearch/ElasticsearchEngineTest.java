package io.kvx.document.storage.elasticsearch;

import io.kvx.document.storage.AggregationContract;
import io.kvx.document.storage.HighlightContract;
import io.kvx.document.storage.MappingContract;
import io.kvx.document.storage.QueryContract;
import io.kvx.document.storage.SearchPagingContract;
import io.kvx.document.storage.StorageEngine;
import io.kvx.document.storage.StorageEngineContract;
import io.kvx.document.storage.WriteByQueryContract;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The storage contract on a real OpenSearch 2 node ({@link OpenSearchNode}). Each test has an index prefix of its
 * own, so that tests never see each other's indices, and removes its indices afterwards.
 */
class ElasticsearchEngineTest extends StorageEngineContract implements QueryContract, SearchPagingContract,
    MappingContract, WriteByQueryContract, AggregationContract, HighlightContract {
  private static final AtomicInteger TESTS = new AtomicInteger();

  @Override
  protected StorageEngine open(Vertx on) throws Exception {
    JsonObject options = new JsonObject().put("nodes", OpenSearchNode.url()).put("requestTimeout", 20_000)
      .put("indexPrefix", "t" + TESTS.incrementAndGet());
    return await(ElasticsearchEngine.open(on, new ElasticsearchOptions(options)));
  }

  @AfterEach
  void deleteIndices() throws Exception {
    for (String index : await(engine.listIndexes())) {
      await(engine.deleteIndex(index));
    }
  }
}
