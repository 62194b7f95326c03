package io.kvx.document.storage.elasticsearch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real single-node OpenSearch for the whole test run, in a child JVM ({@link OpenSearchLauncher}) whose classpath
 * is {@code target/opensearch-lib}, which Maven fills at {@code process-test-classes}. It starts on first use, on
 * ephemeral loopback ports, with its data under {@code target/opensearch}, and stops when the test JVM exits
 * (shutdown hook; the child also stops by itself when its standard input closes). If it cannot start, every use
 * fails at once with the reason and the end of the node's log: tests fail, never hang.
 */
final class OpenSearchNode {

  private static final Logger LOG = LoggerFactory.getLogger(OpenSearchNode.class);
  private static final long START_TIMEOUT_MS = 120_000;
  private static final String LAUNCHER = "io.kvx.document.storage.elasticsearch.OpenSearchLauncher";

  private static String url;
  private static IllegalStateException failure;
  private static long startMillis;

  private OpenSearchNode() {
  }

  /** The node's HTTP URL, starting it on first call. */
  static synchronized String url() {
    if (failure != null) {
      throw failure;
    }
    if (url == null) {
      try {
        url = start();
      } catch (Exception e) {
        failure = new IllegalStateException("OpenSearch test node could not start: " + e.getMessage(), e);
        throw failure;
      }
    }
    return url;
  }

  /** How long the node took to answer, in milliseconds. */
  static synchronized long startMillis() {
    return startMillis;
  }

  private static String start() throws IOException, InterruptedException, URISyntaxException {
    Path lib = Path.of(System.getProperty("kvx.opensearch.lib", "target/opensearch-lib"));
    if (!Files.isDirectory(lib) || !hasJars(lib)) {
      throw new IllegalStateException("no OpenSearch jars in " + lib.toAbsolutePath() + ": build with Maven (the"
        + " dependency plugin copies them at process-test-classes)");
    }
    Path work = Path.of(System.getProperty("kvx.opensearch.work", "target/opensearch"));
    deleteTree(work);
    Path home = Files.createDirectories(work.resolve("node"));
    for (String dir : List.of("config", "plugins", "modules", "logs")) {
      Files.createDirectories(home.resolve(dir));
    }
    Path classes = Path.of(OpenSearchNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xms512m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
      "-Dlog4j2.disable.jmx=true", "-Dlog4j.shutdownHookEnabled=false", "-Dopensearch.networkaddress.cache.ttl=60",
      "-cp", lib.toAbsolutePath() + "/*" + java.io.File.pathSeparator + classes, LAUNCHER, home.toString()));
    Path log = work.resolve("node.log");
    long begin = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "opensearch-test-node-stop"));
    Path portFile = home.resolve("http.port");
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (!Files.exists(portFile)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the node exited with " + process.exitValue() + "; end of " + log + ":\n"
          + tail(log));
      }
      if (System.currentTimeMillis() > deadline) {
        stop(process);
        throw new IllegalStateException("the node did not start within " + START_TIMEOUT_MS + " ms; end of " + log
          + ":\n" + tail(log));
      }
      Thread.sleep(100);
    }
    startMillis = (System.nanoTime() - begin) / 1_000_000;
    String port = Files.readString(portFile, StandardCharsets.US_ASCII).trim();
    LOG.info("OpenSearch test node ready on port {} in {} ms", port, startMillis);
    return "http://127.0.0.1:" + port;
  }

  private static boolean hasJars(Path lib) throws IOException {
    try (Stream<Path> files = Files.list(lib)) {
      return files.anyMatch(file -> file.getFileName().toString().startsWith("opensearch-2"));
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
