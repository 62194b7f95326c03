package io.kvx.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code memory} scenario: the server's memory after garbage collection, before and after opening many idle
 * WebSockets, divided by the number of connections the server counts.
 */
final class MemoryScenario {

  /** Long enough that no idle socket is closed while measuring. */
  static final long IDLE_TIMEOUT_MS = 600_000;

  private static final Logger LOG = LoggerFactory.getLogger(MemoryScenario.class);
  private static final long CONNECT_TIMEOUT_S = 300;
  private static final long SETTLE_MS = 3_000;
  private static final long CLOSE_TIMEOUT_S = 60;

  /**
   * One measurement.
   *
   * @param connections WebSockets the server counted once all were open
   * @param heapBytes growth of the heap in use after GC
   * @param directBytes growth of direct memory (JDK buffer pool plus Netty's cleaner-less buffers)
   * @param pooledDirectBytes growth of the part of it used in Netty's pooled allocator
   * @param closedEarly sockets closed or failed while idle
   */
  record Result(long connections, long heapBytes, long directBytes, long pooledDirectBytes, long closedEarly) {

    double heapKbPerConnection() {
      return heapBytes / 1024.0 / Math.max(1, connections);
    }

    double directKbPerConnection() {
      return directBytes / 1024.0 / Math.max(1, connections);
    }

    double kbPerConnection() {
      return heapKbPerConnection() + directKbPerConnection();
    }
  }

  private MemoryScenario() {
  }

  static Result run(ServerProcess server, BenchOptions options, boolean histograms) throws Exception {
    JsonObject before = server.memory();
    ClassHistogram heapBefore = histograms ? ClassHistogram.parse(Jcmd.classHistogram(server.pid())) : null;
    Meter meter = new Meter();
    Vertx vertx = LoadScenario.generator();
    try {
      long begin = System.nanoTime();
      List<Future<String>> deployed = new ArrayList<>();
      for (int share : LoadScenario.shares(options.idleConnections(), Runtime.getRuntime().availableProcessors())) {
        deployed.add(vertx.deployVerticle(new WsLoad(server.port(), share, 0, null, null, meter)));
      }
      Future.all(deployed).await(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
      LOG.info("  {} WebSockets open in {} ms", options.idleConnections(), (System.nanoTime() - begin) / 1_000_000);
      Thread.sleep(SETTLE_MS);
      JsonObject after = server.memory();
      long counted = after.getJsonObject("connections").getLong("websocket", -1L);
      if (counted != options.idleConnections()) {
        LOG.warn("  the server counts {} WebSockets, not {}: {}", counted, options.idleConnections(),
          after.getJsonObject("connections"));
      }
      Result result = new Result(counted, after.getLong("heapUsed") - before.getLong("heapUsed"),
        direct(after) - direct(before), after.getLong("pooledDirect") - before.getLong("pooledDirect"),
        meter.errors());
      LOG.info("  before: {}", before.encode());
      LOG.info("  after:  {}", after.encode());
      LOG.info(String.format("  %s: %d connections, heap +%,d B, direct +%,d B: %.2f KB per connection (heap %.2f,"
          + " direct %.2f), %d closed early", server.kind().label(), counted, result.heapBytes(), result.directBytes(),
        result.kbPerConnection(), result.heapKbPerConnection(), result.directKbPerConnection(), result.closedEarly()));
      if (histograms) {
        ClassHistogram.parse(Jcmd.classHistogram(server.pid())).logGrowth(heapBefore, (int) counted, 25);
      }
      return result;
    } finally {
      meter.stop();
      vertx.close().await(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  private static long direct(JsonObject memory) {
    return memory.getLong("bufferPoolDirect") + memory.getLong("nettyDirect");
  }
}
