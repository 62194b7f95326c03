package io.kvx.gateway.server;

import io.kvx.core.pipeline.KvxNode;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** What {@code server:info} and {@code server:capabilities} tell about this node and the services it relies on. */
final class ServerInfo {

  /** How KVX runs the services Kuzzle delegates to Redis and Elasticsearch: inside its own processes. */
  static final String EMBEDDED = "embedded";

  private ServerInfo() {
  }

  /** The {@code serverInfo.kuzzle} object. */
  static JsonObject kuzzle(KvxNode node) {
    Runtime runtime = Runtime.getRuntime();
    return new JsonObject()
      .put("version", ServerController.KUZZLE_API_VERSION)
      .put("api", new JsonObject().put("routes", node.registry().publicApi()))
      .put("application", new JsonObject())
      .put("plugins", new JsonObject())
      // Kuzzle reports its resident set size; the JVM's counterpart that costs nothing to read is the used heap.
      .put("memoryUsed", runtime.totalMemory() - runtime.freeMemory())
      .put("nodeVersion", "java-" + Runtime.version())
      .put("system", system())
      .put("uptime", (System.currentTimeMillis() - node.startedAt()) / 1000 + "s");
  }

  /** The services, as far as KVX knows them: caches and storage run in KVX's own processes in this version. */
  // Limitation: no version, memory or disk figures; the storage engine could report them in its health reply.
  static JsonObject services() {
    JsonObject embedded = new JsonObject().put("type", EMBEDDED);
    return new JsonObject()
      .put("internalCache", embedded.copy())
      .put("internalStorage", embedded.copy())
      .put("memoryStorage", embedded.copy())
      .put("publicStorage", embedded.copy());
  }

  /**
   * The machine: processors and memory. Kuzzle lists each CPU (model, speed, times); the JVM only counts them.
   * The memory figures come from the operating system's in-memory tables (procfs, cgroups), not from a disk.
   */
  private static JsonObject system() {
    JsonObject memory = new JsonObject();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean jdk) {
      memory.put("free", jdk.getFreeMemorySize()).put("total", jdk.getTotalMemorySize());
    }
    return new JsonObject()
      .put("cpus", Runtime.getRuntime().availableProcessors())
      .put("memory", memory);
  }
}
