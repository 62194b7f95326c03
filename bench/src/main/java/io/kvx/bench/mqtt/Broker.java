package io.kvx.bench.mqtt;

import io.kvx.bench.Jcmd;
import io.kvx.bench.ServerProcess;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * An MQTT broker under test, listening on {@link Mqtt#HOST}: a KVX node in a child JVM, or a Mosquitto process.
 *
 * @param label the name the tables show
 * @param port where MQTT clients connect
 * @param pid the process whose CPU is measured and, for KVX, recorded
 * @param process what {@link #close()} stops
 */
record Broker(String label, int port, long pid, AutoCloseable process) implements AutoCloseable {

  static final String KVX = "KVX";
  static final String MOSQUITTO = "Mosquitto";

  private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
  /** A free port may be taken between the probe and the bind: try another one. */
  private static final int BIND_ATTEMPTS = 3;

  /**
   * A KVX node with its defaults, MQTT on a free loopback port and {@code mqtt} merged over
   * {@code server.protocols.mqtt}.
   *
   * @param profiled whether the child keeps deep stacks for a Flight Recorder recording
   */
  static Broker kvx(MqttBenchOptions options, JsonObject mqtt, boolean profiled)
      throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      int port = freePort();
      JsonObject config = new JsonObject().put("server", new JsonObject().put("protocols", new JsonObject()
        .put("mqtt", mqtt.copy().put("host", Mqtt.HOST).put("port", port))));
      try {
        ServerProcess server = ServerProcess.start(ServerProcess.Kind.KVX, options.serverHeap(),
          profiled ? List.of(Jcmd.STACK_DEPTH_OPTION) : List.of(), List.of("--config", config.encode()));
        LOG.info("KVX MQTT on {}:{}", Mqtt.HOST, port);
        return new Broker(KVX, port, server.pid(), server);
      } catch (IOException e) {
        last = e;
        LOG.warn("KVX did not start with MQTT on port {}: {}", port, e.getMessage());
      }
    }
    throw last;
  }

  static Broker mosquitto(MqttBenchOptions options) throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
      try {
        Mosquitto broker = Mosquitto.start(options.mosquitto(), freePort());
        return new Broker(MOSQUITTO, broker.port(), broker.pid(), broker);
      } catch (IOException e) {
        last = e;
        LOG.warn("Mosquitto did not start: {}", e.getMessage());
      }
    }
    throw last;
  }

  static Broker start(String label, MqttBenchOptions options, JsonObject kvxMqtt, boolean profiled)
      throws IOException, InterruptedException {
    return label.equals(KVX) ? kvx(options, kvxMqtt, profiled) : mosquitto(options);
  }

  boolean isKvx() {
    return label.equals(KVX);
  }

  /** A port nobody listens on right now; the broker binds it a moment later. */
  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(Mqtt.HOST))) {
      return probe.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.close();
  }
}
