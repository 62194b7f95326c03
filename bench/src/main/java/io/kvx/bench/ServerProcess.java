package io.kvx.bench;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server under test, running in a child JVM with this JVM's classpath. Children are killed when closed and, should
 * the bench fail or be interrupted, by a shutdown hook.
 */
public final class ServerProcess implements AutoCloseable {

  /** The two servers every scenario compares. */
  public enum Kind {
    BARE("bare Vert.x", BareServer.class),
    KVX("KVX", KvxChild.class);

    private final String label;
    private final Class<?> main;

    Kind(String label, Class<?> main) {
      this.label = label;
      this.main = main;
    }

    String label() {
      return label;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "bench-reaper"));
  }

  private final Kind kind;
  private final Process process;
  private final int port;
  private final int controlPort;
  private final HttpClient control = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServerProcess(Kind kind, Process process, int port, int controlPort) {
    this.kind = kind;
    this.process = process;
    this.port = port;
    this.controlPort = controlPort;
  }

  /** Starts a child and waits until it has printed its ports. */
  public static ServerProcess start(Kind kind, String heap, List<String> jvmArgs, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xms" + heap, "-Xmx" + heap, "-Dlogback.configurationFile=" + Bench.LOGBACK));
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), kind.main.getName()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    LIVE.add(process);
    CompletableFuture<Integer> port = new CompletableFuture<>();
    CompletableFuture<Integer> controlPort = new CompletableFuture<>();
    Thread reader = new Thread(() -> forward(kind, process, port, controlPort), "bench-child-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    try {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      int control = controlPort.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      int listening = port.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      LOG.info("{} server started: pid {}, port {}", kind.label, process.pid(), listening);
      return new ServerProcess(kind, process, listening, control);
    } catch (ExecutionException | TimeoutException e) {
      destroy(process);
      throw new IOException(kind.label + " server did not start: " + e.getMessage(), e);
    }
  }

  /** Logs the child's output, and completes the port futures from its announcement lines. */
  private static void forward(Kind kind, Process process, CompletableFuture<Integer> port,
      CompletableFuture<Integer> controlPort) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(Child.PORT_LINE)) {
          port.complete(Integer.parseInt(line.substring(Child.PORT_LINE.length()).trim()));
        } else if (line.startsWith(Child.CONTROL_LINE)) {
          controlPort.complete(Integer.parseInt(line.substring(Child.CONTROL_LINE.length()).trim()));
        } else {
          LOG.info("  [{}] {}", kind.label, line);
        }
      }
    } catch (IOException | NumberFormatException e) {
      LOG.warn("  [{}] output unreadable: {}", kind.label, e.toString());
    }
    IOException exited = new IOException("the child exited early");
    port.completeExceptionally(exited);
    controlPort.completeExceptionally(exited);
  }

  Kind kind() {
    return kind;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** CPU time the child has used so far, in nanoseconds; -1 when the platform does not tell. */
  public long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  /** The child's memory after garbage collection (see {@link ServerProbe}). */
  JsonObject memory() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + Child.HOST + ":" + controlPort + "/memory"))
      .timeout(Duration.ofSeconds(60))
      .build();
    HttpResponse<String> response = control.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("memory probe answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  @Override
  public void close() throws InterruptedException {
    destroy(process);
  }

  private static void destroy(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
    LIVE.remove(process);
  }
}
