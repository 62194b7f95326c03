package io.kvx.core.pipeline;

import io.kvx.core.cluster.ClusterView;
import io.kvx.core.config.CoreOptions;
import io.kvx.core.controller.ControllerRegistry;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the protocol adapters of one node share: the node's identity and configuration, its controller registry,
 * its throttle, its security hooks, its state and its connection counters. Built once by the launcher and handed to
 * each gateway instance; every member is thread-safe.
 */
public final class KvxNode {

  private static final String[] ADJECTIVES = {"bold", "calm", "eager", "fancy", "gentle", "happy", "jolly", "keen",
    "lively", "merry", "nimble", "proud", "quick", "swift", "witty", "zesty"};
  private static final String[] NOUNS = {"badger", "comet", "falcon", "harbor", "island", "lantern", "meadow",
    "otter", "panda", "quasar", "raven", "summit", "tiger", "walrus", "yarrow", "zephyr"};

  private final String id;
  private final JsonObject config;
  private final CoreOptions options;
  private final ControllerRegistry registry;
  private final Throttle throttle;
  private final long startedAt = System.currentTimeMillis();
  private final Map<String, LongAdder> connections = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> completed = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
  private final Map<String, String> listeners = new ConcurrentHashMap<>();
  private volatile PipelineHooks hooks = PipelineHooks.OPEN;
  private volatile NodeState state = NodeState.STARTING;
  private volatile ClusterView cluster;

  /**
   * @param config the effective configuration tree (defaults included), as {@code server:getConfig} shows it
   */
  public KvxNode(JsonObject config, ControllerRegistry registry) {
    this.id = generateId();
    this.config = config;
    this.options = new CoreOptions(config);
    this.registry = registry;
    this.throttle = new Throttle(options.limits().concurrentRequests(), options.limits().requestsBufferSize(),
      options.limits().requestsBufferWarningThreshold());
    this.cluster = ClusterView.standalone(id, Set.of("gateway", "mqtt", "document", "realtime", "security"));
  }

  /** A node id in Kuzzle's style, such as {@code knode-swift-otter-4242}. */
  private static String generateId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "knode-" + ADJECTIVES[random.nextInt(ADJECTIVES.length)] + "-" + NOUNS[random.nextInt(NOUNS.length)]
      + "-" + random.nextInt(1000, 10000);
  }

  public String id() {
    return id;
  }

  public JsonObject config() {
    return config;
  }

  public CoreOptions options() {
    return options;
  }

  public ControllerRegistry registry() {
    return registry;
  }

  public Throttle throttle() {
    return throttle;
  }

  public PipelineHooks hooks() {
    return hooks;
  }

  /** Installs the security steps; until then the node runs every request with {@link PipelineHooks#OPEN}. */
  public void hooks(PipelineHooks securityHooks) {
    this.hooks = securityHooks;
  }

  /** The cluster as this node sees it; a standalone node with every role until the launcher sets another. */
  public ClusterView cluster() {
    return cluster;
  }

  /** Set by the launcher once the node has joined its cluster, before any verticle is deployed. */
  public void cluster(ClusterView view) {
    this.cluster = view;
  }

  public NodeState state() {
    return state;
  }

  public void state(NodeState newState) {
    this.state = newState;
  }

  public long startedAt() {
    return startedAt;
  }

  /** Records that {@code what} (such as {@code "http"}) listens on {@code address}, for logs and probes. */
  public void listening(String what, String address) {
    listeners.put(what, address);
  }

  /** What listens where on this node. */
  public Map<String, String> listeners() {
    return Map.copyOf(listeners);
  }

  /** Counts a connection opened ({@code +1}) or closed ({@code -1}) on {@code protocol}. */
  public void countConnection(String protocol, int delta) {
    connections.computeIfAbsent(protocol, p -> new LongAdder()).add(delta);
  }

  /** Open connections by protocol. */
  public JsonObject connections() {
    return snapshot(connections);
  }

  /** Counts a request answered on {@code protocol}, as failed when its status is 400 or more. */
  public void countRequest(String protocol, int status) {
    (status >= 400 ? failed : completed).computeIfAbsent(protocol, p -> new LongAdder()).increment();
  }

  /** Requests answered without error since the node started, by protocol. */
  public JsonObject completedRequests() {
    return snapshot(completed);
  }

  /** Requests answered with an error since the node started, by protocol. */
  public JsonObject failedRequests() {
    return snapshot(failed);
  }

  private static JsonObject snapshot(Map<String, LongAdder> counters) {
    JsonObject json = new JsonObject();
    counters.forEach((protocol, count) -> json.put(protocol, count.sum()));
    return json;
  }
}
