package io.kvx.server;

import io.kvx.core.config.ConfigLoader;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code java -jar kvx.jar [--config FILE] [--cluster] [--roles gateway,mqtt,...]}: runs a KVX node until SIGTERM or
 * SIGINT, then shuts it down gracefully. Without {@code --config}, {@code KVX_CONFIG} names the file, else
 * {@code .kvxrc.json}, {@code .kvxrc.yaml} or {@code .kvxrc.yml} in the working directory is read if present.
 * {@code KVX_*} environment variables override the file, and {@code --cluster} (sets {@code cluster.enabled}) and
 * {@code --roles} (sets {@code roles}) override both.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final String[] DEFAULT_FILES = {".kvxrc.json", ".kvxrc.yaml", ".kvxrc.yml"};
  private static final long SHUTDOWN_TIMEOUT_S = 30;

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    Path file = configFile(args);
    JsonObject config;
    try {
      config = ConfigLoader.load(file, System.getenv());
      applyArguments(args, config);
    } catch (IOException | RuntimeException e) {
      LOG.error("Cannot read the configuration {}: {}", file, e.getMessage());
      System.exit(2);
      return;
    }
    CompletableFuture<KvxServer> started = new CompletableFuture<>();
    CountDownLatch stopped = new CountDownLatch(1);
    // Registered before the node starts, so that a signal arriving during startup still stops it gracefully.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(started, stopped), "kvx-shutdown"));
    KvxServer.start(config).onComplete(done -> {
      if (done.succeeded()) {
        started.complete(done.result());
      } else {
        started.completeExceptionally(done.cause());
      }
    });
    try {
      started.get(2, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      LOG.error("KVX failed to start: {}", cause.getMessage(), cause);
      System.exit(1);
    }
  }

  private static void shutdown(CompletableFuture<KvxServer> started, CountDownLatch stopped) {
    KvxServer server;
    try {
      server = started.get(SHUTDOWN_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    LOG.info("KVX node {} shutting down", server.node().id());
    server.close().onComplete(done -> stopped.countDown());
    try {
      if (!stopped.await(SHUTDOWN_TIMEOUT_S, TimeUnit.SECONDS)) {
        LOG.warn("KVX node {} did not stop within {} s", server.node().id(), SHUTDOWN_TIMEOUT_S);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code --cluster} and {@code --roles LIST} (or {@code --roles=LIST}). */
  static void applyArguments(String[] args, JsonObject config) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--cluster")) {
        JsonObject cluster = config.getJsonObject("cluster", new JsonObject());
        config.put("cluster", cluster.put("enabled", true));
      } else if (args[i].equals("--roles") && i + 1 < args.length) {
        config.put("roles", args[++i]);
      } else if (args[i].startsWith("--roles=")) {
        config.put("roles", args[i].substring("--roles=".length()));
      } else if (args[i].equals("--roles")) {
        throw new IllegalArgumentException("--roles needs a list, such as --roles gateway,mqtt");
      }
    }
  }

  private static Path configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    String env = System.getenv("KVX_CONFIG");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    for (String name : DEFAULT_FILES) {
      if (Files.isRegularFile(Path.of(name))) {
        return Path.of(name);
      }
    }
    return null;
  }
}
