package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.Pipeline;
import io.kvx.document.storage.embedded.EmbeddedEngine;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A node running the document verticle on an embedded engine, with a pipeline to send requests through. */
final class DocumentNode implements AutoCloseable {

  final Vertx vertx;
  private final EmbeddedEngine engine;
  private final Pipeline pipeline;

  DocumentNode(Path dataDir) throws Exception {
    vertx = Vertx.vertx();
    KvxNode node = new KvxNode(new JsonObject(), ControllerRegistry.withCoreApi());
    engine = EmbeddedEngine.open(vertx, dataDir).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(new DocumentVerticle(engine)).await(10, TimeUnit.SECONDS);
    pipeline = new Pipeline(vertx, node);
  }

  /** Runs a WebSocket-style request envelope and answers the response envelope. */
  JsonObject call(String envelope) throws Exception {
    return call(envelope, Protocol.WEBSOCKET);
  }

  JsonObject call(String envelope, Protocol protocol) throws Exception {
    KuzzleRequest request = new KuzzleRequest(new JsonObject(envelope), protocol);
    KuzzleResponse response = pipeline.execute(request, new RequestContext("c", protocol, null, null,
      User.ANONYMOUS)).await(10, TimeUnit.SECONDS);
    return response.toEnvelope(request, "n", null);
  }

  static String errorId(JsonObject envelope) {
    return envelope.getJsonObject("error") == null ? null : envelope.getJsonObject("error").getString("id");
  }

  @Override
  public void close() throws Exception {
    engine.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
