package io.kvx.mqtt;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a user types in two shells, with Debian's {@code mosquitto-clients}: {@code mosquitto_sub} on the response
 * topic in one, {@code mosquitto_pub} of a request in the other. The two commands are two MQTT clients, so the
 * subscriber sees the response only in development mode, as with Kuzzle. Skipped when the binaries are missing.
 */
class MosquittoClientsTest {

  private static final long WAIT_S = 15;

  @Test
  void request_whenMosquittoPubAndSubInDevelopmentMode_expectResponseOnSubscriber() throws Exception {
    assumeTrue(onPath("mosquitto_sub") && onPath("mosquitto_pub"), "mosquitto-clients not installed");
    try (MqttFixture node = new MqttFixture(new JsonObject().put("developmentMode", true))) {
      String port = Integer.toString(node.port);
      Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-t", "Kuzzle/response",
        "-C", "1", "-W", Long.toString(WAIT_S)).redirectErrorStream(true).start();
      try {
        BlockingQueue<String> lines = lines(sub);
        String line = null;
        // mosquitto_sub does not say when it is subscribed: publish until it prints a response (at most 10 tries).
        for (int attempt = 0; attempt < 10 && line == null; attempt++) {
          publish(port, attempt);
          line = lines.poll(1, TimeUnit.SECONDS);
        }
        assertThat(line).as("mosquitto_sub output").isNotNull();

        JsonObject response = new JsonObject(line);

        assertThat(response.getString("requestId")).startsWith("shell-");
        assertThat(response.getInteger("status")).isEqualTo(200);
        assertThat(response.getJsonObject("result").getString("title")).isEqualTo("hello from a shell");
        assertThat(sub.waitFor(WAIT_S, TimeUnit.SECONDS)).isTrue();
        assertThat(sub.exitValue()).isZero();
      } finally {
        sub.destroy();
      }
    }
  }

  /** The second shell: one request, published at QoS 1. */
  private static void publish(String port, int attempt) throws Exception {
    String request = new JsonObject().put("controller", "echo").put("action", "say")
      .put("requestId", "shell-" + attempt).put("body", new JsonObject().put("title", "hello from a shell")).encode();
    Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-t", "Kuzzle/request",
      "-q", "1", "-m", request).redirectErrorStream(true).start();
    assertThat(pub.waitFor(WAIT_S, TimeUnit.SECONDS)).isTrue();
    assertThat(pub.exitValue()).isZero();
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null && List.of(path.split(File.pathSeparator)).stream()
      .anyMatch(dir -> new File(dir, command).canExecute());
  }

  /** The process's output lines, read on a thread of their own so that the test can wait with a timeout. */
  private static BlockingQueue<String> lines(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException closed) {
        // The process ended: nothing more to read.
      }
    }, "mosquitto-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }
}
