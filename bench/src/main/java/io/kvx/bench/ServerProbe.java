package io.kvx.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * The control endpoint of a child server, on its own random port of 127.0.0.1: {@code GET /memory} collects garbage
 * a few times, then answers the heap in use, direct memory (JDK buffer pool and Netty's own counter), what Netty's
 * allocators hold (the pooled one and the default one, which Vert.x 5 uses: adaptive with Netty 4.2) and the
 * connections the server counts. It runs in the measured JVM, so its own footprint is in both the before and the
 * after figures and cancels out.
 */
final class ServerProbe {

  private static final int GC_RUNS = 3;
  private static final long GC_PAUSE_MS = 200;

  private ServerProbe() {
  }

  /** Listens on a random port of 127.0.0.1; {@code connections} is read on a worker thread. */
  static Future<HttpServer> listen(Vertx vertx, Supplier<JsonObject> connections) {
    return vertx.createHttpServer(new HttpServerOptions().setHost(Child.HOST).setPort(0))
      .requestHandler(request -> {
        if (!request.path().equals("/memory")) {
          request.response().setStatusCode(404).end();
          return;
        }
        vertx.executeBlocking(() -> snapshot(connections.get()))
          .onSuccess(json -> request.response().putHeader("content-type", "application/json").end(json.encode()))
          .onFailure(failure -> request.response().setStatusCode(500).end(String.valueOf(failure)));
      })
      .listen();
  }

  private static JsonObject snapshot(JsonObject connections) throws InterruptedException {
    for (int i = 0; i < GC_RUNS; i++) {
      System.gc();
      Thread.sleep(GC_PAUSE_MS);
    }
    PooledByteBufAllocatorMetric pooled = PooledByteBufAllocator.DEFAULT.metric();
    ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    ByteBufAllocatorMetric metric = allocator instanceof ByteBufAllocatorMetricProvider provider
      ? provider.metric() : null;
    return new JsonObject()
      .put("heapUsed", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())
      .put("bufferPoolDirect", bufferPoolDirect())
      .put("nettyDirect", Math.max(0, PlatformDependent.usedDirectMemory()))
      .put("pooledDirect", pooled.usedDirectMemory())
      .put("pooledHeap", pooled.usedHeapMemory())
      .put("allocator", allocator.getClass().getSimpleName())
      .put("allocatorDirect", metric == null ? -1 : metric.usedDirectMemory())
      .put("allocatorHeap", metric == null ? -1 : metric.usedHeapMemory())
      .put("connections", connections);
  }

  /** Bytes of {@code ByteBuffer.allocateDirect} buffers; Netty's cleaner-less buffers are not in it. */
  private static long bufferPoolDirect() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
      .filter(pool -> pool.getName().equals("direct"))
      .mapToLong(BufferPoolMXBean::getMemoryUsed)
      .sum();
  }
}
