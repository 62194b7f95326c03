package io.kvx.mqtt;

import io.kvx.core.config.ConfigLoader;
import io.kvx.core.controller.ApiController;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.NodeState;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * A node running two MQTT verticle instances on a random loopback port, with two test controllers: {@code echo}
 * ({@code now} answers the time, {@code whoami} the request context, {@code say} the request's body) and a fake
 * {@code realtime} whose {@code subscribe} answers a channel.
 */
final class MqttFixture implements AutoCloseable {

  static final String CHANNEL = "test-room-channel";

  final Vertx vertx;
  final KvxNode node;
  final int port;

  MqttFixture(JsonObject mqtt) throws Exception {
    JsonObject defaults = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 2);
    JsonObject config = new JsonObject().put("server", new JsonObject().put("protocols", new JsonObject()
      .put("mqtt", ConfigLoader.merge(defaults, mqtt))));
    vertx = Vertx.vertx();
    node = new KvxNode(config, ControllerRegistry.withCoreApi());
    node.registry().listen(vertx).await(10, TimeUnit.SECONDS);
    serveControllers();
    vertx.deployVerticle(() -> new MqttVerticle(node), new DeploymentOptions().setInstances(2))
      .await(10, TimeUnit.SECONDS);
    node.state(NodeState.READY);
    String listening = node.listeners().get("mqtt");
    port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));
  }

  MqttFixture() throws Exception {
    this(new JsonObject());
  }

  private void serveControllers() throws Exception {
    ApiController.named("echo")
      .action("now", call -> Future.succeededFuture(new JsonObject().put("now", System.currentTimeMillis())))
      .action("whoami", call -> Future.succeededFuture(call.context().toJson()))
      .action("say", call -> Future.succeededFuture(call.request().getBody()))
      .build()
      .serve(vertx)
      .await(10, TimeUnit.SECONDS);
    ApiController.named("realtime")
      .action("subscribe", call -> Future.succeededFuture(new JsonObject().put("roomId", "test-room")
        .put("channel", CHANNEL)))
      .build()
      .serve(vertx)
      .await(10, TimeUnit.SECONDS);
    long deadline = System.currentTimeMillis() + 10_000;
    while (node.registry().controller("echo") == null && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
