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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Acknowledged writes survive a server process killed with SIGKILL. */
@DisplayName("Writes acknowledged by a real server process survive kill -9")
class CrashDurabilityTest {

  private static final Pattern READY = Pattern.compile("HTTP and WebSocket on (\\S+):(\\d+)");
  private static final int DOCUMENTS = 300;

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

  @Test
  void acknowledgedWrites_areReadBackAfterKillAndRestart() throws Exception {
    int port = startServer();
    assertThat(call(port, "PUT", "/shop/items", "{}").getInteger("status")).isEqualTo(200);
    List<CompletableFuture<JsonObject>> writes = new ArrayList<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      writes.add(JdkHttp.callAsync(port, "POST", "/shop/items/d" + i + "/_create", "{\"n\":" + i + "}"));
    }
    for (CompletableFuture<JsonObject> write : writes) {
      assertThat(write.get(60, TimeUnit.SECONDS).getInteger("status")).isEqualTo(200);
    }
    assertThat(call(port, "PATCH", "/shop/items/d1/_update", "{\"n\":-1}").getInteger("status"))
      .isEqualTo(200);
    assertThat(call(port, "DELETE", "/shop/items/d2", null).getInteger("status")).isEqualTo(200);
    Process first = processes.get(0);
    first.destroyForcibly();
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isEqualTo(137);

    int again = startServer();
    for (int i = 0; i < DOCUMENTS; i++) {
      JsonObject envelope = call(again, "GET", "/shop/items/d" + i, null);
      if (i == 2) {
        assertThat(envelope.getInteger("status")).isEqualTo(404);
        continue;
      }
      assertThat(envelope.getInteger("status")).as("d" + i).isEqualTo(200);
      JsonObject source = envelope.getJsonObject("result").getJsonObject("_source");
      assertThat(source.getInteger("n")).isEqualTo(i == 1 ? -1 : i);
    }
  }
}
