package io.kvx.security;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes' token stores sharing a real {@code redis-server} (started here on a free loopback port), each with its
 * own registry, as two security verticles of a cluster have: what one issues or revokes, the other sees.
 */
class TokenStoreTest {

  private static Process server;
  private static Path dir;
  private static int port;
  private static Vertx vertx;
  private static Redis redis;

  private final TokenRegistry registryA = new TokenRegistry();
  private final TokenRegistry registryB = new TokenRegistry();
  private TokenStore nodeA;
  private TokenStore nodeB;
  private List<MessageConsumer<JsonObject>> listeners;

  @BeforeAll
  static void startRedis() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    dir = Files.createTempDirectory("kvx-redis-");
    server = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
      "--save", "", "--appendonly", "no", "--dir", dir.toString())
      .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (!accepts(port)) {
      if (System.currentTimeMillis() > deadline || !server.isAlive()) {
        throw new IllegalStateException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
      }
      Thread.sleep(50);
    }
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + port + "/0"));
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server.destroy();
    server.waitFor(10, TimeUnit.SECONDS);
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
    }
  }

  @BeforeEach
  void twoNodes() throws Exception {
    Await.result(RedisAPI.api(redis).flushall(List.of()));
    List<String> nodes = List.of("node-a", "node-b");
    nodeA = TokenStore.shared(registryA, RedisAPI.api(redis), vertx.eventBus(), "node-a", () -> nodes);
    nodeB = TokenStore.shared(registryB, RedisAPI.api(redis), vertx.eventBus(), "node-b", () -> nodes);
    listeners = List.of(nodeA.listen(), nodeB.listen());
    for (MessageConsumer<?> listener : listeners) {
      Await.result(listener.completion());
    }
  }

  @AfterEach
  void stopListening() throws Exception {
    for (MessageConsumer<?> listener : listeners) {
      Await.result(listener.unregister());
    }
  }

  @Test
  void aTokenIssuedOnOneNodeIsFoundOnTheOther_andARevocationReachesBoth() throws Exception {
    long expiresAt = System.currentTimeMillis() + 60_000;
    Await.result(nodeA.issued("jwt-1", "alice", expiresAt, false));
    TokenRegistry.Session found = Await.result(nodeB.find("jwt-1"));
    assertThat(found.kuid()).isEqualTo("alice");
    assertThat(found.expiresAt()).isEqualTo(expiresAt);
    assertThat(registryB.get("jwt-1")).isNotNull();

    Await.result(nodeA.revoke("jwt-1"));
    assertThat(registryB.get("jwt-1")).as("dropped before the revocation completes").isNull();
    assertThat(Await.result(nodeB.find("jwt-1"))).isNull();
    assertThat(Await.result(nodeA.find("jwt-1"))).isNull();
  }

  @Test
  void revokingAUserRevokesItsTokensIssuedOnEveryNode() throws Exception {
    long expiresAt = System.currentTimeMillis() + 60_000;
    Await.result(nodeA.issued("jwt-a", "bob", expiresAt, false));
    Await.result(nodeB.issued("jwt-b", "bob", expiresAt, false));
    Await.result(nodeB.issued("jwt-c", "carol", expiresAt, false));
    Await.result(nodeA.find("jwt-b"));

    Await.result(nodeB.revokeUser("bob"));
    assertThat(registryA.get("jwt-a")).isNull();
    assertThat(registryA.get("jwt-b")).isNull();
    assertThat(Await.result(nodeA.find("jwt-a"))).isNull();
    assertThat(Await.result(nodeA.find("jwt-b"))).isNull();
    assertThat(Await.result(nodeA.find("jwt-c")).kuid()).isEqualTo("carol");
  }

  @Test
  void aSingleUseTokenServesOneRequestInTheWholeCluster() throws Exception {
    Await.result(nodeA.issued("once", "alice", System.currentTimeMillis() + 60_000, true));
    assertThat(Await.result(nodeB.find("once")).singleUse()).isTrue();
    assertThat(Await.result(nodeB.consume("once"))).isTrue();
    assertThat(Await.result(nodeA.consume("once"))).isFalse();
  }

  @Test
  void aRefreshIsSeenByTheOtherNodes_andTokensExpireInRedis() throws Exception {
    long now = System.currentTimeMillis();
    Await.result(nodeA.issued("jwt-r", "alice", now + 60_000, false));
    Await.result(nodeB.find("jwt-r"));
    assertThat(Await.result(nodeA.refreshed("jwt-r", 1000, now))).isTrue();
    assertThat(registryB.get("jwt-r")).isNull();
    TokenRegistry.Session seen = Await.result(nodeB.find("jwt-r"));
    assertThat(seen.refreshed()).isTrue();
    assertThat(seen.expiresAt()).isEqualTo(now + 1000);
    assertThat(Await.result(nodeB.refreshed("jwt-r", 1000, now))).isFalse();

    Await.result(nodeA.issued("short", "alice", System.currentTimeMillis() + 200, false));
    Thread.sleep(400);
    assertThat(Await.result(nodeB.find("short"))).isNull();
  }

  @Test
  void clearingForgetsEveryTokenEverywhere() throws Exception {
    for (int i = 0; i < 1200; i++) {
      Await.result(nodeA.issued("jwt-" + i, "user-" + (i % 7), -1, false));
    }
    Await.result(nodeB.find("jwt-5"));
    Await.result(nodeB.clear());
    assertThat(registryA.size()).isZero();
    assertThat(registryB.size()).isZero();
    assertThat(Await.result(nodeA.find("jwt-5"))).isNull();
    assertThat(Await.result(RedisAPI.api(redis).dbsize()).toLong()).isZero();
  }

  @Test
  void anUnreachableRedisIsAServiceUnavailableError() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    Redis nowhere = Redis.createClient(vertx, new RedisOptions()
      .setConnectionString("redis://127.0.0.1:" + closedPort + "/0"));
    try {
      TokenStore store = TokenStore.shared(new TokenRegistry(), RedisAPI.api(nowhere), vertx.eventBus(), "node-c",
        List::of);
      assertThat(Await.error(store.find("jwt-x")).id()).isEqualTo("services.cache.not_connected");
      assertThat(Await.error(store.issued("jwt-y", "alice", -1, false)).status()).isEqualTo(503);
    } finally {
      nowhere.close();
    }
  }
}
