package io.kvx.server;

import io.kvx.core.config.ConfigLoader;
import io.kvx.core.config.Units;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code cluster} section and the {@code roles} key: whether the node joins a cluster, how it finds the other
 * members, and which parts of KVX it runs.
 *
 * <pre>{@code
 * {
 *   "roles": ["gateway", "mqtt"],              // or "all" (the default), or "gateway,mqtt"
 *   "cluster": {
 *     "enabled": true,
 *     "name": "kvx",                          // nodes only join members of the same name
 *     "host": "10.0.0.5",                     // address to bind and advertise; default: Hazelcast picks one
 *     "port": 5701,                           // Hazelcast member port
 *     "eventBusPort": 0,                      // port of the clustered event bus; 0 picks a free one
 *     "members": ["10.0.0.6:5701"],           // TCP discovery: some other members (the list needs not be complete)
 *     "kubernetes": {"serviceDns": "kvx-cluster.default.svc.cluster.local"},  // or DNS discovery instead
 *     "heartbeat": 1000,                      // ms between heartbeats
 *     "memberTimeout": 6000,                  // ms without heartbeat before a member is declared dead
 *     "joinTimeout": 60000                    // ms a starting node waits to join before giving up
 *   }
 * }
 * }</pre>
 */
public final class ClusterOptions {

  /** What a node can run. */
  public enum Role {
    GATEWAY, MQTT, DOCUMENT, REALTIME, SECURITY;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String DEFAULT_NAME = "kvx";
  public static final int DEFAULT_PORT = 5701;
  public static final long DEFAULT_HEARTBEAT_MS = 1000;
  public static final long DEFAULT_MEMBER_TIMEOUT_MS = 6000;
  public static final long DEFAULT_JOIN_TIMEOUT_MS = 60_000;

  private final Set<Role> roles;
  private final boolean enabled;
  private final String name;
  private final String host;
  private final int port;
  private final int eventBusPort;
  private final List<String> members;
  private final String kubernetesServiceDns;
  private final long heartbeat;
  private final long memberTimeout;
  private final long joinTimeout;

  /**
   * Reads the whole configuration tree; missing keys take their default.
   *
   * @throws IllegalArgumentException on an unknown role or an invalid value
   */
  public ClusterOptions(JsonObject config) {
    this.roles = roles(config.getValue("roles", "all"));
    JsonObject section = ConfigLoader.section(config, "cluster");
    this.enabled = section.getBoolean("enabled", false);
    this.name = section.getString("name", DEFAULT_NAME);
    this.host = section.getString("host");
    this.port = port(section.getValue("port", DEFAULT_PORT), "cluster.port");
    this.eventBusPort = port(section.getValue("eventBusPort", 0), "cluster.eventBusPort");
    this.members = strings(section.getValue("members"));
    this.kubernetesServiceDns = ConfigLoader.section(section, "kubernetes").getString("serviceDns");
    this.heartbeat = Units.millis(section.getValue("heartbeat", DEFAULT_HEARTBEAT_MS));
    this.memberTimeout = Units.millis(section.getValue("memberTimeout", DEFAULT_MEMBER_TIMEOUT_MS));
    this.joinTimeout = Units.millis(section.getValue("joinTimeout", DEFAULT_JOIN_TIMEOUT_MS));
    if (heartbeat < 1000 || memberTimeout < 2 * heartbeat) {
      throw new IllegalArgumentException("cluster.heartbeat must be at least 1000 ms and cluster.memberTimeout at "
        + "least twice the heartbeat");
    }
    if (kubernetesServiceDns != null && !members.isEmpty()) {
      throw new IllegalArgumentException("cluster.members and cluster.kubernetes.serviceDns exclude each other");
    }
  }

  private static Set<Role> roles(Object value) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : strings(value)) {
      if (name.equalsIgnoreCase("all")) {
        roles.addAll(EnumSet.allOf(Role.class));
        continue;
      }
      try {
        roles.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown role \"" + name + "\" (roles: all, gateway, mqtt, document, "
          + "realtime, security)", e);
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("roles must name at least one role");
    }
    return roles;
  }

  /** A list given as a JSON array or as one comma-separated string. */
  private static List<String> strings(Object value) {
    List<String> list = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(item -> list.add(String.valueOf(item).trim()));
    } else if (value != null) {
      for (String item : String.valueOf(value).split(",")) {
        list.add(item.trim());
      }
    }
    list.removeIf(String::isEmpty);
    return List.copyOf(list);
  }

  private static int port(Object value, String key) {
    if (!(value instanceof Number number) || number.intValue() < 0 || number.intValue() > 65_535) {
      throw new IllegalArgumentException(key + " must be a port number");
    }
    return number.intValue();
  }

  public boolean runs(Role role) {
    return roles.contains(role);
  }

  public Set<Role> roles() {
    return Set.copyOf(roles);
  }

  /** The roles as names, in a fixed order. */
  public List<String> roleNames() {
    return roles.stream().map(Role::key).toList();
  }

  public boolean enabled() {
    return enabled;
  }

  public String name() {
    return name;
  }

  /** The address to bind and advertise, or {@code null} to let Hazelcast choose. */
  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public int eventBusPort() {
    return eventBusPort;
  }

  public List<String> members() {
    return members;
  }

  /** The DNS name of the headless Service that lists the members, or {@code null}. */
  public String kubernetesServiceDns() {
    return kubernetesServiceDns;
  }

  public long heartbeat() {
    return heartbeat;
  }

  public long memberTimeout() {
    return memberTimeout;
  }

  public long joinTimeout() {
    return joinTimeout;
  }

  /** This part of the configuration tree, defaults included. */
  public JsonObject toJson() {
    JsonObject cluster = new JsonObject()
      .put("enabled", enabled)
      .put("name", name)
      .put("port", port)
      .put("eventBusPort", eventBusPort)
      .put("members", new JsonArray(members))
      .put("heartbeat", heartbeat)
      .put("memberTimeout", memberTimeout)
      .put("joinTimeout", joinTimeout);
    if (host != null) {
      cluster.put("host", host);
    }
    if (kubernetesServiceDns != null) {
      cluster.put("kubernetes", new JsonObject().put("serviceDns", kubernetesServiceDns));
    }
    return new JsonObject().put("roles", new JsonArray(roleNames())).put("cluster", cluster);
  }
}
