package io.kvx.document.storage.elasticsearch;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ElasticsearchConnectionTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static String deadNode() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void open_whenNoNodeAnswers_failsWithNotConnected() throws Exception {
    ElasticsearchOptions options = new ElasticsearchOptions(new JsonObject().put("nodes", deadNode())
      .put("requestTimeout", 2000).put("connectTimeout", 1000));
    long begin = System.nanoTime();
    Throwable failure = ElasticsearchEngine.open(vertx, options).transform(done -> Future.succeededFuture(
      done.cause())).await(10, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(KuzzleError.class);
    assertThat(((KuzzleError) failure).id()).isEqualTo("services.storage.not_connected");
    assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(5000);
  }

  @Test
  void requests_whenANodeRefusesConnections_goToTheNextNode() throws Exception {
    ElasticsearchOptions options = new ElasticsearchOptions(new JsonObject().put("nodes", new JsonArray()
      .add(deadNode()).add(OpenSearchNode.url())).put("indexPrefix", "conn"));
    ElasticsearchEngine engine = ElasticsearchEngine.open(vertx, options).await(10, TimeUnit.SECONDS);
    try {
      for (int i = 0; i < 4; i++) {
        assertThat(engine.indexExists("nope").await(10, TimeUnit.SECONDS)).isFalse();
      }
    } finally {
      engine.close().await(10, TimeUnit.SECONDS);
    }
  }
}
