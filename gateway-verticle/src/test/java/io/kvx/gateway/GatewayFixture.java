package io.kvx.gateway;

import io.kvx.core.config.ConfigLoader;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.NodeState;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/** A node running only gateways, on a random loopback port, for the gateway's tests. */
final class GatewayFixture implements AutoCloseable {

  final Vertx vertx;
  final KvxNode node;
  final int port;
  final HttpClientAgent http;
  final WebSocketClient webSockets;

  GatewayFixture(JsonObject overrides) throws Exception {
    JsonObject config = ConfigLoader.merge(new JsonObject()
      .put("server", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 2)), overrides);
    vertx = Vertx.vertx();
    node = new KvxNode(config, ControllerRegistry.withCoreApi());
    node.registry().listen(vertx).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(() -> new GatewayVerticle(node), new DeploymentOptions().setInstances(2))
      .await(10, TimeUnit.SECONDS);
    node.state(NodeState.READY);
    String listening = node.listeners().get("http");
    port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));
    http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    webSockets = vertx.createWebSocketClient();
  }

  GatewayFixture() throws Exception {
    this(new JsonObject());
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
