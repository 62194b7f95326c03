package io.kvx.server;

import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.NodeState;
import io.kvx.gateway.GatewayOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The liveness and readiness probes ({@code GET /_healthcheck}, {@code GET /_ready}) of a node that runs no
 * gateway, on the port and host a gateway would use ({@code server.port}, {@code server.host}), so that every node
 * of a deployment is probed alike. Everything else is 404: such a node serves no API over HTTP.
 */
final class ProbeVerticle extends VerticleBase {

  private final KvxNode node;
  private HttpServer server;

  ProbeVerticle(KvxNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    GatewayOptions options = new GatewayOptions(node.config());
    server = vertx.createHttpServer().requestHandler(this::answer);
    return server.listen(options.port(), options.host())
      .onSuccess(listening -> node.listening("probes", options.host() + ":" + listening.actualPort()));
  }

  private void answer(HttpServerRequest request) {
    String path = request.path();
    boolean known = request.method() == HttpMethod.GET && (path.equals("/_healthcheck") || path.equals("/_ready"));
    int status = !known ? 404
      : path.equals("/_ready") && node.state() != NodeState.READY ? 503 : 200;
    request.response()
      .setStatusCode(status)
      .putHeader("Content-Type", "application/json")
      .putHeader("X-Kuzzle-Node", node.id())
      .end(new JsonObject().put("status", status).put("result", (Object) null).put("node", node.id()).encode());
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
