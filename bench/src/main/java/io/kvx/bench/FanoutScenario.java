package io.kvx.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The notification scenarios against one running server: {@code fanout} (every subscriber in one room) and
 * {@code rooms} (one subscriber per room, messages spread over the rooms). First the publisher goes as fast as the
 * deliveries keep up, which gives the most deliveries per second; then it publishes at half that rate, which gives
 * the latency from publication to delivery under a load the server can sustain.
 */
final class FanoutScenario {

  private static final Logger LOG = LoggerFactory.getLogger(FanoutScenario.class);
  private static final long CONNECT_TIMEOUT_S = 180;
  private static final long CLOSE_TIMEOUT_S = 30;

  private FanoutScenario() {
  }

  /** Most deliveries per second, and the latencies at half that rate. */
  record Result(LoadResult max, LoadResult half) {
  }

  /**
   * @param rooms how many rooms the subscribers are spread over ({@code subscribers % rooms == 0})
   * @param window deliveries the publisher may have outstanding when it goes as fast as it can
   */
  static Result run(ServerProcess server, BenchOptions options, int subscribers, int rooms, long window)
      throws Exception {
    boolean kvx = server.kind() == ServerProcess.Kind.KVX;
    Meter meter = new Meter();
    AtomicLong delivered = new AtomicLong();
    Vertx vertx = LoadScenario.generator();
    try {
      int[] shares = LoadScenario.shares(subscribers, Runtime.getRuntime().availableProcessors());
      List<Future<String>> deployed = new ArrayList<>();
      int first = 0;
      for (int share : shares) {
        deployed.add(vertx.deployVerticle(new FanoutLoad.Subscribers(server.port(), kvx, first, share, rooms, meter,
          delivered)));
        first += share;
      }
      Future.all(deployed).await(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
      LOG.info("  {} subscribers in {} room(s)", subscribers, rooms);
      FanoutLoad.Publisher publisher = new FanoutLoad.Publisher(server.port(), kvx, rooms, subscribers / rooms,
        delivered, meter);
      vertx.deployVerticle(publisher).await(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);

      publisher.closedLoop(window);
      LoadResult max = LoadScenario.measure(meter, server, options, null);
      double messagesPerSecond = max.perSecond() / (subscribers / (double) rooms);
      LOG.info("  then half of it: {} messages/s", String.format("%,.0f", messagesPerSecond / 2));
      publisher.fixedRate(messagesPerSecond / 2);
      LoadResult half = LoadScenario.measure(meter, server, options, null);
      return new Result(max, half);
    } finally {
      meter.stop();
      vertx.close().await(CLOSE_TIMEOUT_S, TimeUnit.SECONDS);
    }
  }
}
