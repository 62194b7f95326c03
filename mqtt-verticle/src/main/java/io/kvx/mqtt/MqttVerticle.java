package io.kvx.mqtt;

import io.kvx.core.api.Ids;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.Delivery;
import io.kvx.core.bus.NodeDelivery;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.Pipeline;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the MQTT gateway (MQTT 3.1.1 and 5, plain TCP), configured by {@link MqttOptions}. Several
 * instances share the listening port; each registers its own gateway address
 * ({@link Addresses#gateway(String, String)}), where notifications for its connections arrive. Requests run
 * through the node's {@link Pipeline}.
 *
 * <p>Deploy it only when {@link MqttOptions#enabled()}; a disabled instance starts without listening.
 */
public final class MqttVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MqttVerticle.class);

  private final KvxNode node;
  private MqttServer server;
  private MqttGateway gateway;

  public MqttVerticle(KvxNode node) {
    this.node = node;
  }

  /** Completes once the consumers are registered and the port is bound; a failed bind fails the deployment. */
  @Override
  public Future<?> start() {
    MqttOptions options = new MqttOptions(node.config());
    if (!options.enabled()) {
      return Future.succeededFuture();
    }
    String address = Addresses.gateway(node.id(), Ids.uuid());
    gateway = new MqttGateway(vertx, new Pipeline(vertx, node), options,
      options.realtimeNotifications() ? address : null);
    MessageConsumer<Delivery> notifications = vertx.eventBus().consumer(address, gateway::deliver);
    MessageConsumer<NodeDelivery> forNode = vertx.eventBus().consumer(Addresses.gatewayNodeAddress(node.id()),
      message -> message.body().dispatch(vertx.eventBus()));
    MessageConsumer<JsonObject> takeover = vertx.eventBus().localConsumer(MqttGateway.TAKEOVER, gateway::onTakeover);
    server = MqttServer.create(vertx, serverOptions(options))
      .endpointHandler(gateway::connect)
      .exceptionHandler(failure -> LOG.debug("MQTT connection failed: {}", failure.getMessage()));
    return Future.all(notifications.completion(), forNode.completion(), takeover.completion())
      .compose(registered -> server.listen())
      .onSuccess(listening -> node.listening("mqtt", options.host() + ":" + listening.actualPort()));
  }

  private static MqttServerOptions serverOptions(MqttOptions options) {
    MqttServerOptions server = new MqttServerOptions()
      // Port 0 would give each instance a random port of its own; -1 makes the instances share one random port.
      .setPort(options.port() == 0 ? -1 : options.port())
      .setHost(options.host())
      .setMaxMessageSize(options.maxMessageSize())
      .setMaxClientIdLength(options.maxClientIdLength())
      .setAutoClientId(true)
      .setTimeoutOnConnect((int) Math.max(1, (options.connectTimeout() + 999) / 1000));
    server.setTcpNoDelay(true);
    return server;
  }

  /** Tells MQTT 5 clients the server is going away, then closes the server and its connections. */
  @Override
  public Future<?> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    gateway.shutdown();
    return server.close();
  }
}
