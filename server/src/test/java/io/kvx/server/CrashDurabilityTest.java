package io.kvx.server;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Acknowledged writes survive a server process killed with SIGKILL. */
@DisplayName("Writes acknowledged by a real server process survive kill -9")
class CrashDurabilityTest {

  private static final Pattern READY = Pattern.compile("HTTP and WebSocket on (\\S+):(\\d+)");
  private static final int MAX_DOCUMENTS = 100_000;
  private static final int IN_FLIGHT = 64;
  private static final long KILL_AFTER_MS = 3000;

  @TempDir
  Path dataDir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (Process process : processes) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts {@code io.kvx.server.Main} in a JVM of its own on {@link #dataDir}; answers its port. */
  private int startServer() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-cp", System.getProperty("java.class.path"), "io.kvx.server.Main")
      .redirectErrorStream(true);
    builder.environment().put("KVX_server__host", "127.0.0.1");
    builder.environment().put("KVX_server__port", "0");
    builder.environment().put("KVX_server__protocols__mqtt__port", "0");
    builder.environment().put("KVX_storage__path", dataDir.toString());
    // The test classpath logs through core's logback-test.xml: let the child print its ready line.
    builder.environment().put("KVX_TEST_LOG_LEVEL", "INFO");
    Process process = builder.start();
    processes.add(process);
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          Matcher ready = READY.matcher(line);
          if (ready.find()) {
            port.complete(Integer.parseInt(ready.group(2)));
          }
        }
        port.completeExceptionally(new IllegalStateException("server exited before it was ready"));
      } catch (Exception e) {
        port.completeExceptionally(e);
      }
    }, "server-output");
    reader.setDaemon(true);
    reader.start();
    return port.get(60, TimeUnit.SECONDS);
  }

  private static JsonObject call(int port, String method, String uri, String body) throws Exception {
    return JdkHttp.call(port, method, uri, body);
  }

  /**
   * Creates documents {@code d0, d1, ...} with {@link #IN_FLIGHT} requests in flight until {@code stop} is set;
   * answers the writes sent, acknowledged or not.
   */
  private static List<CompletableFuture<JsonObject>> createUntil(int port, AtomicBoolean stop) throws Exception {
    List<CompletableFuture<JsonObject>> writes = new ArrayList<>();
    Semaphore slots = new Semaphore(IN_FLIGHT);
    for (int i = 0; !stop.get() && i < MAX_DOCUMENTS; i++) {
      if (!slots.tryAcquire(10, TimeUnit.SECONDS)) {
        break;
      }
      CompletableFuture<JsonObject> write = JdkHttp.callAsync(port, "POST", "/shop/items/d" + i + "/_create",
        "{\"n\":" + i + "}");
      write.whenComplete((reply, failure) -> slots.release());
      writes.add(write);
    }
    return writes;
  }

  private static boolean acknowledged(CompletableFuture<JsonObject> write) {
    return write.isDone() && !write.isCompletedExceptionally() && write.join().getInteger("status") == 200;
  }

  @Test
  void acknowledgedWrites_areReadBackAfterKillAndRestart() throws Exception {
    int port = startServer();
    assertThat(call(port, "PUT", "/shop/items", "{}").getInteger("status")).isEqualTo(200);
    assertThat(call(port, "POST", "/shop/items/d0/_create", "{\"n\":0}").getInteger("status")).isEqualTo(200);
    assertThat(call(port, "PATCH", "/shop/items/d0/_update", "{\"n\":-1}").getInteger("status")).isEqualTo(200);
    assertThat(call(port, "POST", "/shop/items/gone/_create", "{}").getInteger("status")).isEqualTo(200);
    assertThat(call(port, "DELETE", "/shop/items/gone", null).getInteger("status")).isEqualTo(200);
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<List<CompletableFuture<JsonObject>>> sent = CompletableFuture.supplyAsync(() -> {
      try {
        return createUntil(port, stop);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // Kill while writes are in flight: those acknowledged so far must all come back.
    Thread.sleep(KILL_AFTER_MS);
    Process first = processes.get(0);
    first.destroyForcibly();
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isEqualTo(137);
    stop.set(true);
    List<CompletableFuture<JsonObject>> writes = sent.get(60, TimeUnit.SECONDS);
    for (CompletableFuture<JsonObject> write : writes) {
      write.handle((reply, failure) -> null).get(30, TimeUnit.SECONDS);
    }
    List<Integer> survivors = new ArrayList<>();
    for (int i = 1; i < writes.size(); i++) {
      if (acknowledged(writes.get(i))) {
        survivors.add(i);
      }
    }
    assertThat(survivors).as("writes acknowledged before the kill").hasSizeGreaterThan(200);

    int again = startServer();
    assertThat(call(again, "GET", "/shop/items/gone", null).getInteger("status")).isEqualTo(404);
    assertThat(call(again, "GET", "/shop/items/d0", null).getJsonObject("result").getJsonObject("_source")
      .getInteger("n")).isEqualTo(-1);
    for (int i : survivors) {
      JsonObject envelope = call(again, "GET", "/shop/items/d" + i, null);
      assertThat(envelope.getInteger("status")).as("d" + i).isEqualTo(200);
      assertThat(envelope.getJsonObject("result").getJsonObject("_source").getInteger("n")).isEqualTo(i);
    }
  }
}
