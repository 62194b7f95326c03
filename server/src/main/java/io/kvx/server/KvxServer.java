package io.kvx.server;

import io.kvx.core.config.ConfigLoader;
import io.kvx.core.config.CoreOptions;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.pipeline.KvxNode;
import io.kvx.core.pipeline.NodeState;
import io.kvx.document.DocumentOptions;
import io.kvx.document.DocumentVerticle;
import io.kvx.document.ScrollOptions;
import io.kvx.document.storage.StorageEngine;
import io.kvx.document.storage.elasticsearch.ElasticsearchEngine;
import io.kvx.document.storage.embedded.EmbeddedEngine;
import io.kvx.gateway.GatewayOptions;
import io.kvx.gateway.GatewayVerticle;
import io.kvx.mqtt.MqttOptions;
import io.kvx.mqtt.MqttVerticle;
import io.kvx.realtime.RealtimeVerticle;
import io.kvx.security.SecurityVerticle;
import io.kvx.server.ClusterOptions.Role;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A running KVX node: its Vert.x instance, shared state and deployed verticles. {@link Main} runs one from the
 * command line; tests and benchmarks start one in-process with {@link #start(JsonObject)}.
 */
public final class KvxServer {

  private static final Logger LOG = LoggerFactory.getLogger(KvxServer.class);
  private static final long SECURITY_RETRY_MS = 1000;

  private final Vertx vertx;
  private final KvxNode node;
  private final ClusterOptions cluster;
  private final Membership membership;
  private final List<String> deployments = new ArrayList<>();
  private StorageEngine storage;

  private KvxServer(Vertx vertx, KvxNode node, ClusterOptions cluster, Membership membership) {
    this.vertx = vertx;
    this.node = node;
    this.cluster = cluster;
    this.membership = membership;
  }

  /**
   * The configuration tree with every module's defaults filled in: what the node runs with and what
   * {@code server:getConfig} shows.
   */
  public static JsonObject effectiveConfig(JsonObject config) {
    JsonObject effective = ConfigLoader.merge(config, new CoreOptions(config).toJson());
    effective = ConfigLoader.merge(effective, new DocumentOptions(config).toJson());
    effective = ConfigLoader.merge(effective, new ScrollOptions(config).toJson());
    effective = ConfigLoader.merge(effective, new MqttOptions(config).toJson());
    effective = ConfigLoader.merge(effective, new ClusterOptions(config).toJson());
    return ConfigLoader.merge(effective, new GatewayOptions(config).toJson());
  }

  /**
   * Starts a node on a new Vert.x instance, clustered when {@code cluster.enabled} is set, with the verticles of its
   * roles; the future fails, with everything closed, if any verticle fails.
   */
  public static Future<KvxServer> start(JsonObject config) {
    long begin = System.nanoTime();
    JsonObject effective;
    ClusterOptions cluster;
    try {
      effective = effectiveConfig(config);
      cluster = new ClusterOptions(effective);
    } catch (IllegalArgumentException | ClassCastException e) {
      return Future.failedFuture(new IllegalArgumentException("Invalid configuration: " + e.getMessage(), e));
    }
    KvxNode node = new KvxNode(effective, ControllerRegistry.withCoreApi());
    String address = cluster.host() != null ? cluster.host() : new GatewayOptions(effective).host();
    Map<String, String> card = Membership.card(node.id(), address, node.startedAt(), cluster.roleNames());
    return Clustering.join(cluster, card).compose(joined -> {
      node.cluster(joined.membership());
      KvxServer server = new KvxServer(joined.vertx(), node, cluster, joined.membership());
      return server.deploy()
        .map(deployed -> {
          node.state(NodeState.READY);
          LOG.info("KVX node {} ready in {} ms: {}", node.id(), (System.nanoTime() - begin) / 1_000_000,
            server.describe());
          return server;
        })
        .recover(failure -> joined.vertx().close().transform(closed -> Future.failedFuture(failure)));
    });
  }

  /** The verticles of this node's roles, each after those it needs on the same node. */
  private Future<Void> deploy() {
    Future<Void> deployed = node.registry().listen(vertx)
      .compose(listening -> vertx.deployVerticle(new ClusterVerticle(membership)))
      .onSuccess(deployments::add)
      .mapEmpty();
    if (cluster.runs(Role.DOCUMENT)) {
      if (cluster.enabled() && !new DocumentOptions(node.config()).engine().equals(DocumentOptions.ELASTICSEARCH)) {
        LOG.warn("Clustered with the embedded storage engine: each document node keeps its own data, so run only one"
          + " (or set storage.engine to elasticsearch)");
      }
      deployed = deployed.compose(previous -> deployDocuments());
    }
    if (cluster.runs(Role.SECURITY) || cluster.runs(Role.GATEWAY) || cluster.runs(Role.MQTT)) {
      if (cluster.enabled() && !node.config().getJsonObject("services", new JsonObject())
          .getJsonObject("internalCache", new JsonObject()).getJsonObject("node", new JsonObject())
          .containsKey("host")) {
        LOG.warn("Clustered without services.internalCache.node (Redis): an auth token is valid only on the node "
          + "that issued it");
      }
      deployed = deployed.compose(previous -> deploySecurity());
    }
    if (cluster.runs(Role.REALTIME)) {
      deployed = deployed.compose(previous -> deployRealtime());
    }
    if (cluster.runs(Role.GATEWAY)) {
      deployed = deployed.compose(previous -> deployGateways());
    } else {
      deployed = deployed.compose(previous -> vertx.deployVerticle(new ProbeVerticle(node)))
        .onSuccess(deployments::add)
        .mapEmpty();
    }
    if (cluster.runs(Role.MQTT)) {
      deployed = deployed.compose(previous -> deployMqtt());
    }
    return deployed;
  }

  /** Opens the storage engine and serves the data controllers on it. */
  private Future<Void> deployDocuments() {
    DocumentOptions options = new DocumentOptions(node.config());
    Future<StorageEngine> opened = options.engine().equals(DocumentOptions.ELASTICSEARCH)
      ? ElasticsearchEngine.open(vertx, options.elasticsearch()).map(engine -> engine)
      : EmbeddedEngine.open(vertx, Path.of(options.path())).map(engine -> engine);
    return opened
      .compose(engine -> {
        storage = engine;
        return vertx.deployVerticle(new DocumentVerticle(engine), new DeploymentOptions().setConfig(node.config()));
      })
      .onSuccess(deployments::add)
      .mapEmpty();
  }

  /**
   * One instance, after the document verticle whose internal storage it reads; it installs the security hooks. In a
   * cluster, the document nodes may still be starting: the deployment is retried every second until
   * {@code cluster.joinTimeout}.
   */
  private Future<Void> deploySecurity() {
    long deadline = System.currentTimeMillis() + cluster.joinTimeout();
    return deploySecurity(deadline, true);
  }

  private Future<Void> deploySecurity(long deadline, boolean first) {
    return vertx.deployVerticle(new SecurityVerticle(node))
      .onSuccess(deployments::add)
      .<Void>mapEmpty()
      .recover(failure -> {
        if (!cluster.enabled() || System.currentTimeMillis() > deadline) {
          return Future.failedFuture(failure);
        }
        if (first) {
          LOG.info("Waiting for a document node to load the security data from ({})", failure.getMessage());
        }
        return vertx.timer(SECURITY_RETRY_MS).compose(waited -> deploySecurity(deadline, false));
      });
  }

  /** One instance: the rooms and subscriptions of the node live on its event loop. */
  private Future<Void> deployRealtime() {
    DeploymentOptions options = new DeploymentOptions().setConfig(node.config());
    return vertx.deployVerticle(new RealtimeVerticle(node.id(), node.cluster()), options)
      .onSuccess(deployments::add)
      .mapEmpty();
  }

  private Future<Void> deployGateways() {
    GatewayOptions options = new GatewayOptions(node.config());
    if (!options.httpEnabled() && !options.websocketEnabled()) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(() -> new GatewayVerticle(node), new DeploymentOptions()
        .setInstances(options.instances()))
      .onSuccess(deployments::add)
      .mapEmpty();
  }

  private Future<Void> deployMqtt() {
    MqttOptions options = new MqttOptions(node.config());
    if (!options.enabled()) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(() -> new MqttVerticle(node), new DeploymentOptions().setInstances(options.instances()))
      .onSuccess(deployments::add)
      .mapEmpty();
  }

  private String describe() {
    String roles = "roles " + String.join(", ", cluster.roleNames());
    String joined = cluster.enabled() ? "; cluster \"" + cluster.name() + "\" of " + membership.cards().size()
      + " nodes" : "";
    return describeListeners() + "; " + roles + joined;
  }

  private String describeListeners() {
    String http = node.listeners().get("http");
    String mqtt = node.listeners().get("mqtt");
    String probes = node.listeners().get("probes");
    int instances = new GatewayOptions(node.config()).instances();
    String web = http == null ? "HTTP and WebSocket off (probes on " + probes + ")"
      : "HTTP and WebSocket on " + http + " (" + instances + " gateway instances)";
    return web + "; " + (mqtt == null ? "MQTT off" : "MQTT on " + mqtt)
      + (cluster.runs(Role.DOCUMENT) ? "; " + describeStorage() : "");
  }

  private String describeStorage() {
    DocumentOptions storage = new DocumentOptions(node.config());
    return storage.engine().equals(DocumentOptions.ELASTICSEARCH)
      ? "storage elasticsearch at " + String.join(", ", storage.elasticsearch().nodes())
      : "storage " + storage.engine() + " in " + Path.of(storage.path()).toAbsolutePath();
  }

  public Vertx vertx() {
    return vertx;
  }

  public KvxNode node() {
    return node;
  }

  /** The port HTTP and WebSocket listen on (useful when configured as 0). */
  public int port() {
    String http = node.listeners().get("http");
    return http == null ? -1 : Integer.parseInt(http.substring(http.lastIndexOf(':') + 1));
  }

  /**
   * Stops gracefully: new requests are refused with {@code api.process.shutting_down} and readiness turns 503,
   * gateways stop accepting and drain in-flight requests, sockets get a close frame, then Vert.x closes.
   */
  public Future<Void> close() {
    node.state(NodeState.SHUTTING_DOWN);
    // Gateways first (they drain in-flight requests), then the verticles behind them, then the storage.
    List<String> reversed = new ArrayList<>(deployments);
    Collections.reverse(reversed);
    deployments.clear();
    Future<Void> undeployed = Future.succeededFuture();
    for (String deployment : reversed) {
      undeployed = undeployed.transform(done -> vertx.undeploy(deployment));
    }
    return undeployed
      .transform(done -> storage == null ? Future.<Void>succeededFuture() : storage.close())
      .transform(done -> vertx.close());
  }
}
