package io.kvx.bench.documents;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A KVX server started from its jar ({@code java -jar}) in a fresh data directory, on a free loopback port, MQTT on a
 * random port; its output goes to a file beside the data, shown only when it fails to start. Closing kills it and
 * deletes both.
 */
final class KvxJar implements AutoCloseable {

  static final String HOST = "127.0.0.1";
  private static final Logger LOG = LoggerFactory.getLogger(KvxJar.class);
  private static final String READY = "ready in";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final Path dir;
  private final int port;

  private KvxJar(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  static KvxJar start(Path jar, List<String> jvmOptions) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("kvx-documents-bench");
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
      .toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(dir.resolve("server.log").toFile());
    builder.environment().put("KVX_server__port", String.valueOf(port));
    builder.environment().put("KVX_server__protocols__mqtt__port", "0");
    builder.environment().put("KVX_storage__path", dir.resolve("data").toString());
    KvxJar server = new KvxJar(builder.start(), dir, port);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!server.output().contains(READY)) {
      if (!server.process.isAlive() || System.nanoTime() > deadline) {
        String output = server.output();
        server.close();
        throw new IOException("KVX did not start:\n" + output);
      }
      Thread.sleep(100);
    }
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  private String output() throws IOException {
    Path log = dir.resolve("server.log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** CPU time the server used so far, in nanoseconds, or -1 if unknown. */
  long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }
}
