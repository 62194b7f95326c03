package io.kvx.server;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Map;

/**
 * Builds the Vert.x instance of a node: a plain one, or with {@code cluster.enabled} one whose event bus is
 * clustered by Hazelcast, so that requests, change events and notifications reach the verticles of every node.
 * Each Hazelcast member carries the node's card ({@link Membership#ATTRIBUTES}) as member attributes, which is how
 * every node knows the others' ids, roles and birthdates without a shared map to keep clean.
 */
final class Clustering {

  private Clustering() {
  }

  /** A node's Vert.x instance and its view of the cluster. */
  record Joined(Vertx vertx, Membership membership) {
  }

  /**
   * A clustered Vert.x that has joined the cluster, or a plain one; {@code card} is this node's identity
   * ({@link Membership#card}).
   */
  static Future<Joined> join(ClusterOptions options, Map<String, String> card) {
    if (!options.enabled()) {
      return Future.succeededFuture(new Joined(Vertx.vertx(), Membership.standalone(card)));
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(options, card));
    EventBusOptions bus = new EventBusOptions().setPort(options.eventBusPort());
    if (options.host() != null) {
      bus.setHost(options.host()).setClusterPublicHost(options.host());
    }
    return Vertx.builder()
      .with(new VertxOptions().setEventBusOptions(bus))
      .withClusterManager(manager)
      .buildClustered()
      .map(vertx -> new Joined(vertx, Membership.of(manager.getHazelcastInstance())));
  }

  /** Vert.x's own Hazelcast settings (its maps), with discovery, timeouts and this node's card. */
  static Config hazelcast(ClusterOptions options, Map<String, String> card) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(options.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // The launcher leaves the cluster itself, after its verticles have drained.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(seconds(options.heartbeat())));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(seconds(options.memberTimeout())));
    config.setProperty("hazelcast.max.join.seconds", String.valueOf(seconds(options.joinTimeout())));
    // Hazelcast waits 5 s by default for more members before it forms a cluster; members found later still join.
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    card.forEach((key, value) -> config.getMemberAttributeConfig().setAttribute(key, value));
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(options.port()).setPortAutoIncrement(false);
    if (options.host() != null) {
      config.setProperty("hazelcast.local.localAddress", options.host());
      network.setPublicAddress(options.host());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (options.kubernetesServiceDns() != null) {
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", options.kubernetesServiceDns());
    } else {
      join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(options.members());
    }
    return config;
  }

  private static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }
}
