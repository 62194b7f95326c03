package io.kvx.gateway.server;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.Pipeline;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;

import java.util.function.Consumer;

/**
 * A node serving the server controller the way a gateway instance does (from a verticle), and a client that runs
 * WebSocket-style requests through the pipeline from a Vert.x context.
 */
final class ServerHarness {

  final Vertx vertx;
  final KvxNode node;
  private final Pipeline pipeline;
  private final Context client;
  private ServerVerticle verticle;

  ServerHarness(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.node = new KvxNode(config, ControllerRegistry.withCoreApi());
    this.pipeline = new Pipeline(vertx, node);
    this.client = vertx.getOrCreateContext();
  }

  /** Deploys the verticle serving the controller. */
  Future<ServerHarness> start() {
    verticle = new ServerVerticle(node);
    return vertx.deployVerticle(verticle).map(this);
  }

  ServerController server() {
    return verticle.server;
  }

  /** The response to a {@code server:<action>} request carrying {@code args}. */
  Future<KuzzleResponse> execute(String action, JsonObject args) {
    return execute(request(action, args));
  }

  Future<KuzzleResponse> execute(KuzzleRequest request) {
    Promise<KuzzleResponse> response = Promise.promise();
    RequestContext context = new RequestContext("c1", Protocol.WEBSOCKET, null, null, User.ANONYMOUS);
    client.runOnContext(v -> pipeline.execute(request, context).onComplete(response));
    return response.future();
  }

  /** The response envelope to a {@code server:<action>} request carrying {@code args}. */
  Future<JsonObject> call(String action, JsonObject args) {
    KuzzleRequest request = request(action, args);
    return execute(request).map(response -> response.toEnvelope(request, node.id(), null));
  }

  Future<JsonObject> call(String action) {
    return call(action, new JsonObject());
  }

  /** Runs {@code assertions} on the value of {@code future}, then completes the test. */
  static <T> void verify(VertxTestContext ctx, Future<T> future, Consumer<T> assertions) {
    future.onComplete(ctx.succeeding(value -> ctx.verify(() -> {
      assertions.accept(value);
      ctx.completeNow();
    })));
  }

  static KuzzleRequest request(String action, JsonObject args) {
    JsonObject envelope = args.copy().put("controller", "server").put("action", action);
    return new KuzzleRequest(envelope, Protocol.WEBSOCKET);
  }

  /** What a gateway instance does with the server controller. */
  private static final class ServerVerticle extends VerticleBase {

    private final KvxNode node;
    private ServerController server;

    ServerVerticle(KvxNode node) {
      this.node = node;
    }

    @Override
    public Future<?> start() {
      server = new ServerController(vertx, node);
      return server.controller().serve(vertx);
    }

    @Override
    public Future<?> stop() {
      return server.close();
    }
  }
}
