package io.kvx.gateway;

import io.kvx.core.api.Ids;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.Delivery;
import io.kvx.core.bus.NodeDelivery;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.Pipeline;
import io.kvx.gateway.server.ServerController;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the HTTP and WebSocket gateway. Several instances share the listening port (one per processor by
 * default); each also serves the {@code server} controller and the event-bus API entry point
 * ({@link Addresses#API}), so that a node running only gateways answers both.
 */
public final class GatewayVerticle extends VerticleBase {

  /** How long a stopping gateway waits for in-flight requests before closing connections. */
  public static final long DRAIN_TIMEOUT_MS = 10_000;

  private final KvxNode node;
  private HttpServer server;
  private ServerController serverController;

  public GatewayVerticle(KvxNode node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    GatewayOptions options = new GatewayOptions(node.config());
    Pipeline pipeline = new Pipeline(vertx, node);
    String instanceId = Ids.uuid();
    WebSocketGateway webSockets = new WebSocketGateway(pipeline, options, Addresses.gateway(node.id(), instanceId));
    MessageConsumer<Delivery> notifications = vertx.eventBus().consumer(Addresses.gateway(node.id(), instanceId),
      webSockets::deliver);
    MessageConsumer<NodeDelivery> forNode = vertx.eventBus().consumer(Addresses.gatewayNodeAddress(node.id()),
      message -> message.body().dispatch(vertx.eventBus()));
    MessageConsumer<JsonObject> api = pipeline.serveEventBus();
    serverController = new ServerController(vertx, node);
    pipeline.serveLocally(serverController.controller());
    server = vertx.createHttpServer(serverOptions(options))
      .requestHandler(new HttpGateway(pipeline, options))
      .webSocketHandshakeHandler(webSockets::handshake)
      .webSocketHandler(webSockets::connect);
    return Future.all(List.of(notifications.completion(), forNode.completion(), api.completion(),
        serverController.controller().serve(vertx)))
      .compose(registered -> server.listen())
      .onSuccess(listening -> node.listening("http", options.host() + ":" + listening.actualPort()));
  }

  private static HttpServerOptions serverOptions(GatewayOptions options) {
    return new HttpServerOptions()
      // Port 0 would give each instance a random port of its own; -1 makes the instances share one random port.
      .setPort(options.port() == 0 ? -1 : options.port())
      .setHost(options.host())
      .setCompressionSupported(options.allowCompression())
      .setDecompressionSupported(false)
      .setMaxWebSocketFrameSize(options.maxRequestSize())
      .setMaxWebSocketMessageSize(options.maxRequestSize())
      .setPerMessageWebSocketCompressionSupported(options.websocketCompression())
      .setPerFrameWebSocketCompressionSupported(false)
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
      .setReadIdleTimeout(options.resetIdleTimeoutOnSend() ? 0 : (int) options.idleTimeout())
      .setIdleTimeout(options.resetIdleTimeoutOnSend() ? (int) options.idleTimeout() : 0)
      .setTcpNoDelay(true);
  }

  /** Stops accepting, lets in-flight requests finish, then closes sockets with a close frame. */
  @Override
  public Future<?> stop() {
    Future<Void> closing = server == null ? Future.succeededFuture()
      : server.shutdown(DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    return closing.eventually(() -> serverController == null ? Future.succeededFuture()
      : serverController.close());
  }
}
