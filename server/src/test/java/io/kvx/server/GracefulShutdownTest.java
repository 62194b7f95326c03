package io.kvx.server;

import io.kvx.core.controller.ApiController;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class GracefulShutdownTest {

  @TempDir
  Path dataDir;

  /** An action that answers only when the test says so, to keep a request in flight. */
  static final class SlowVerticle extends VerticleBase {
    private final Promise<Object> release;

    SlowVerticle(Promise<Object> release) {
      this.release = release;
    }

    @Override
    public Future<?> start() {
      return ApiController.named("slow").action("wait", call -> release.future()).build().serve(vertx);
    }
  }

  @Test
  void close_whenRequestInFlight_finishesItAndClosesSocketsWithCloseFrame() throws Exception {
    KvxServer server = KvxServer.start(new JsonObject().put("server", new JsonObject().put("host", "127.0.0.1")
      .put("port", 0).put("instances", 1)
      .put("protocols", new JsonObject().put("mqtt", new JsonObject().put("port", 0))))
      .put("storage", new JsonObject().put("path", dataDir.toString())))
      .await(30, TimeUnit.SECONDS);
    Promise<Object> release = Promise.promise();
    server.vertx().deployVerticle(new SlowVerticle(release)).await(10, TimeUnit.SECONDS);
    while (server.node().registry().controller("slow") == null) {
      Thread.sleep(20);
    }
    Vertx client = Vertx.vertx();
    try {
      CompletableFuture<JsonObject> inFlight = JdkHttp.callAsync(server.port(), "GET", "/_/slow/wait", null);
      WebSocketClient webSockets = client.createWebSocketClient();
      WebSocket socket = webSockets.connect(server.port(), "127.0.0.1", "/")
        .await(10, TimeUnit.SECONDS);
      Promise<Short> closed = Promise.promise();
      socket.closeHandler(v -> closed.tryComplete(socket.closeStatusCode()));
      Thread.sleep(200);
      Future<Void> closing = server.close();
      Thread.sleep(200);
      assertThat(closing.isComplete()).isFalse();
      server.vertx().runOnContext(v -> release.complete("done"));
      assertThat(inFlight.get(10, TimeUnit.SECONDS).getString("result")).isEqualTo("done");
      assertThat(closed.future().await(15, TimeUnit.SECONDS)).isEqualTo((short) 1001);
      closing.await(20, TimeUnit.SECONDS);
      // Vert.x closes clients that are no longer referenced: this one must live until here.
      webSockets.close();
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }
}
