package io.kvx.bench;

import io.kvx.server.KvxServer;
import io.vertx.core.json.JsonObject;

/**
 * A KVX node for the benchmarks, run as a child JVM by {@link Bench}:
 * {@code KvxChild [--port -1] [--idle-timeout MS] [--config JSON]}. It starts with the defaults of a fresh install
 * except the listener (127.0.0.1, the given port) and, when given, the WebSocket idle timeout and the JSON merged
 * over it (what-if runs), then announces its ports.
 */
public final class KvxChild {

  private KvxChild() {
  }

  public static void main(String[] args) {
    JsonObject config = config(args);
    KvxServer.start(config)
      .onSuccess(server -> Child.announce(server.vertx(), server.port(), () -> server.node().connections()))
      .onFailure(Child::die);
  }

  static JsonObject config(String[] args) {
    int port = Integer.parseInt(Child.arg(args, "--port", String.valueOf(Child.SHARED_RANDOM_PORT)));
    // MQTT on a random port (the default, 1883, may be taken) and the data under a temporary directory.
    JsonObject protocols = new JsonObject().put("mqtt", new JsonObject().put("port", 0));
    JsonObject server = new JsonObject().put("host", Child.HOST).put("port", port).put("protocols", protocols);
    String idle = Child.arg(args, "--idle-timeout", null);
    if (idle != null) {
      protocols.put("websocket", new JsonObject().put("idleTimeout", Long.parseLong(idle)));
    }
    JsonObject config = new JsonObject().put("server", server).put("storage", new JsonObject()
      .put("path", System.getProperty("java.io.tmpdir") + "/kvx-bench-" + ProcessHandle.current().pid()));
    String extra = Child.arg(args, "--config", null);
    return extra == null ? config : config.mergeIn(new JsonObject(extra), true);
  }
}
