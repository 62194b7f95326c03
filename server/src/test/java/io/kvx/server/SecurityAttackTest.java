package io.kvx.server;

import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static io.kvx.server.SecureClient.errorId;
import static io.kvx.server.SecureClient.http;
import static io.kvx.server.SecureClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks that must fail, against a real node restricted by {@code createFirstAdmin} with {@code reset}: forged,
 * expired and revoked tokens, login floods, timing, privilege escalation, restriction bypasses and controller
 * confusion.
 */
@DisplayName("Attacks on authentication and rights fail")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityAttackTest {

  @TempDir
  static Path dataDir;

  private KvxServer server;
  private int port;
  private String adminToken;

  @BeforeAll
  void start() throws Exception {
    server = startNode(dataDir);
    port = server.port();
    JsonObject admin = http(port, "POST", "/_createFirstAdmin/admin?reset=true", credentials("admin", "admin-pass"),
      null);
    assertThat(admin.getInteger("status")).isEqualTo(200);
    adminToken = login("admin", "admin-pass");
    for (String index : new String[] {"public", "secret"}) {
      asAdmin(new JsonObject().put("controller", "index").put("action", "create").put("index", index));
      asAdmin(new JsonObject().put("controller", "collection").put("action", "create").put("index", index)
        .put("collection", "c"));
    }
    asAdmin(new JsonObject().put("controller", "security").put("action", "createRole").put("_id", "searcher")
      .put("body", new JsonObject("{\"controllers\": {\"document\": {\"actions\": {\"search\": true}},"
        + " \"auth\": {\"actions\": {\"*\": true}}}}")));
    asAdmin(new JsonObject().put("controller", "security").put("action", "createProfile").put("_id", "publicOnly")
      .put("body", new JsonObject("{\"policies\": [{\"roleId\": \"searcher\", \"restrictedTo\":"
        + " [{\"index\": \"public\"}]}]}")));
    createUser("reader", "publicOnly");
    createUser("plain", "default");
  }

  @AfterAll
  void stop() throws Exception {
    server.close().await(30, TimeUnit.SECONDS);
  }

  static KvxServer startNode(Path dataDir) throws Exception {
    return KvxServer.start(new JsonObject()
      .put("server", new JsonObject().put("host", "127.0.0.1").put("port", 0)
        .put("protocols", new JsonObject().put("mqtt", new JsonObject().put("port", 0))))
      .put("storage", new JsonObject().put("path", dataDir.toString()))
      .put("security", new JsonObject().put("password", new JsonObject().put("iterations", 20_000))))
      .await(30, TimeUnit.SECONDS);
  }

  private static String credentials(String username, String password) {
    return new JsonObject().put("content", new JsonObject()).put("credentials", new JsonObject().put("local",
      new JsonObject().put("username", username).put("password", password))).encode();
  }

  private JsonObject asAdmin(JsonObject envelope) throws Exception {
    JsonObject response = query(port, envelope, adminToken);
    assertThat(response.getInteger("status")).as(response.encode()).isEqualTo(200);
    return response;
  }

  private void createUser(String name, String profile) throws Exception {
    asAdmin(new JsonObject().put("controller", "security").put("action", "createUser").put("_id", name)
      .put("body", new JsonObject().put("content", new JsonObject().put("profileIds", new JsonArray().add(profile)))
        .put("credentials", new JsonObject().put("local", new JsonObject().put("username", name)
          .put("password", name + "-pass")))));
  }

  private String login(String username, String password) throws Exception {
    return login(username, password, null);
  }

  private String login(String username, String password, String expiresIn) throws Exception {
    JsonObject response = http(port, "POST", "/_login/local" + (expiresIn == null ? "" : "?expiresIn=" + expiresIn),
      new JsonObject().put("username", username).put("password", password).encode(), null);
    assertThat(response.getInteger("status")).as(response.encode()).isEqualTo(200);
    return response.getJsonObject("result").getString("jwt");
  }

  private JsonObject me(String token) throws Exception {
    return http(port, "GET", "/_me", null, token);
  }

  @Test
  void forgedToken_algNone_isInvalid() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String payload = "{\"_id\":\"admin\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}";
    String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payload) + ".";
    for (String token : new String[] {"kauth-" + unsigned, unsigned, "kapikey-" + unsigned}) {
      JsonObject response = me(token);
      assertThat(response.getInteger("httpStatus")).isEqualTo(401);
      assertThat(errorId(response)).isEqualTo("security.token.invalid");
    }
  }

  @Test
  void forgedToken_otherKey_isInvalid() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String token = "kauth-" + hs256("{\"_id\":\"admin\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}",
      "not the server's secret, but long enough".getBytes(StandardCharsets.UTF_8));
    JsonObject response = me(token);
    assertThat(response.getInteger("httpStatus")).isEqualTo(401);
    assertThat(errorId(response)).isEqualTo("security.token.invalid");
  }

  @Test
  void tokenOfOneKind_presentedAsTheOther_isInvalid() throws Exception {
    String jwt = login("plain", "plain-pass");
    assertThat(errorId(me("kapikey-" + jwt.substring("kauth-".length())))).isEqualTo("security.token.invalid");
    JsonObject key = query(port, new JsonObject().put("controller", "auth").put("action", "createApiKey")
      .put("body", new JsonObject().put("description", "attack")), adminToken);
    String apiKey = key.getJsonObject("result").getJsonObject("_source").getString("token");
    assertThat(me(apiKey).getJsonObject("result").getString("_id")).isEqualTo("admin");
    assertThat(errorId(me("kauth-" + apiKey.substring("kapikey-".length())))).isEqualTo("security.token.invalid");
  }

  @Test
  void expiredToken_isRefusedAsExpired() throws Exception {
    String token = login("plain", "plain-pass", "1s");
    assertThat(me(token).getInteger("status")).isEqualTo(200);
    Thread.sleep(2100);
    JsonObject response = me(token);
    assertThat(response.getInteger("httpStatus")).isEqualTo(401);
    assertThat(errorId(response)).isEqualTo("security.token.expired");
    JsonObject check = http(port, "POST", "/_checkToken", new JsonObject().put("token", token).encode(), null);
    assertThat(check.getJsonObject("result").getBoolean("valid")).isFalse();
  }

  @Test
  void revokedTokens_logoutLogoutGlobalAndRevokeTokens_areInvalid() throws Exception {
    String first = login("plain", "plain-pass");
    String second = login("plain", "plain-pass");
    assertThat(http(port, "POST", "/_logout", null, first).getInteger("status")).isEqualTo(200);
    assertThat(errorId(me(first))).isEqualTo("security.token.invalid");
    assertThat(me(second).getInteger("status")).isEqualTo(200);
    String third = login("plain", "plain-pass");
    assertThat(http(port, "POST", "/_logout?global=true", null, second).getInteger("status")).isEqualTo(200);
    assertThat(errorId(me(second))).isEqualTo("security.token.invalid");
    assertThat(errorId(me(third))).isEqualTo("security.token.invalid");
    String fourth = login("plain", "plain-pass");
    String fifth = login("plain", "plain-pass");
    assertThat(http(port, "DELETE", "/users/plain/tokens", null, adminToken).getInteger("status")).isEqualTo(200);
    assertThat(errorId(me(fourth))).isEqualTo("security.token.invalid");
    assertThat(errorId(me(fifth))).isEqualTo("security.token.invalid");
    assertThat(me(adminToken).getInteger("status")).isEqualTo(200);
  }

  @Test
  void loginFlood_onOneConnection_isLimitedPerSecond() throws Exception {
    WebSocketClient client = server.vertx().createWebSocketClient();
    SecureClient.Socket socket = new SecureClient.Socket(client.connect(port, "127.0.0.1", "/")
      .await(10, TimeUnit.SECONDS));
    SecureClient.Socket other = new SecureClient.Socket(client.connect(port, "127.0.0.1", "/")
      .await(10, TimeUnit.SECONDS));
    try {
      JsonObject attempt = new JsonObject().put("controller", "auth").put("action", "login").put("strategy", "local")
        .put("body", new JsonObject().put("username", "plain").put("password", "guess"));
      int limited = 0;
      for (int i = 0; i < 5; i++) {
        JsonObject response = socket.request(attempt);
        if ("api.process.too_many_logins_requests".equals(errorId(response))) {
          assertThat(response.getInteger("status")).isEqualTo(429);
          limited++;
        }
      }
      assertThat(limited).isGreaterThanOrEqualTo(3);
      assertThat(errorId(other.request(attempt))).isEqualTo("plugin.strategy.missing_user");
    } finally {
      socket.close();
      other.close();
      client.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void timing_unknownUserAndWrongPassword_takeSimilarTime() throws Exception {
    for (int i = 0; i < 4; i++) {
      attemptLogin("ghost-" + i);
      attemptLogin("plain");
    }
    long[] unknown = new long[15];
    long[] wrong = new long[15];
    for (int i = 0; i < unknown.length; i++) {
      unknown[i] = attemptLogin("ghost-" + i);
      wrong[i] = attemptLogin("plain");
    }
    double ratio = (double) median(unknown) / median(wrong);
    assertThat(ratio).isBetween(0.5, 2.0);
  }

  /** A failed HTTP login, in nanoseconds. */
  private long attemptLogin(String username) throws Exception {
    long start = System.nanoTime();
    JsonObject response = http(port, "POST", "/_login/local", new JsonObject().put("username", username)
      .put("password", "wrong password").encode(), null);
    long took = System.nanoTime() - start;
    assertThat(errorId(response)).isEqualTo("plugin.strategy.missing_user");
    return took;
  }

  private static long median(long[] times) {
    Arrays.sort(times);
    return times[times.length / 2];
  }

  @Test
  void updateSelf_cannotChangeProfilesOrId() throws Exception {
    String token = login("plain", "plain-pass");
    for (String body : new String[] {"{\"profileIds\": [\"admin\"]}", "{\"_id\": \"admin\"}",
      "{\"name\": \"x\", \"profileIds\": [\"admin\"]}"}) {
      JsonObject response = http(port, "PUT", "/_me", body, token);
      assertThat(response.getInteger("status")).as(body).isEqualTo(400);
      assertThat(errorId(response)).isEqualTo("api.assert.forbidden_argument");
    }
    JsonObject changed = http(port, "PUT", "/_me", "{\"nickname\": \"p\"}", token);
    assertThat(changed.getInteger("status")).isEqualTo(200);
    JsonObject me = me(token).getJsonObject("result");
    assertThat(me.getJsonObject("_source").getJsonArray("profileIds")).containsExactly("default");
    assertThat(me.getJsonObject("_source").getString("nickname")).isEqualTo("p");
    assertThat(errorId(http(port, "POST", "/_createFirstAdmin", credentials("intruder", "x"), token)))
      .isEqualTo("security.rights.forbidden");
  }

  @Test
  void createFirstAdmin_withProfileIds_isRefusedAndCreatesNoAdmin(@TempDir Path otherDir) throws Exception {
    KvxServer fresh = startNode(otherDir);
    try {
      JsonObject body = new JsonObject(credentials("intruder", "intruder-pass"));
      body.getJsonObject("content").put("profileIds", new JsonArray().add("admin").add("default"));
      JsonObject response = http(fresh.port(), "POST", "/_createFirstAdmin/intruder", body.encode(), null);
      assertThat(response.getInteger("status")).isEqualTo(400);
      assertThat(errorId(response)).isEqualTo("api.assert.forbidden_argument");
      assertThat(http(fresh.port(), "GET", "/_adminExists", null, null).getJsonObject("result")
        .getBoolean("exists")).isFalse();
      JsonObject restricted = http(fresh.port(), "POST", "/users/_createRestricted", body.encode(), null);
      assertThat(errorId(restricted)).isEqualTo("api.assert.forbidden_argument");
    } finally {
      fresh.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void restrictedTo_cannotBeBypassedWithTargetsOrWithoutIndex() throws Exception {
    String token = login("reader", "reader-pass");
    assertThat(http(port, "POST", "/public/c/_search", "{}", token).getInteger("status")).isEqualTo(200);
    JsonObject secret = http(port, "POST", "/secret/c/_search", "{}", token);
    assertThat(secret.getInteger("httpStatus")).isEqualTo(403);
    assertThat(errorId(secret)).isEqualTo("security.rights.forbidden");
    JsonObject search = new JsonObject().put("controller", "document").put("action", "search");
    JsonObject mixed = query(port, search.copy().put("targets", new JsonArray()
      .add(new JsonObject().put("index", "public").put("collections", new JsonArray().add("c")))
      .add(new JsonObject().put("index", "secret").put("collections", new JsonArray().add("c")))), token);
    assertThat(errorId(mixed)).isEqualTo("security.rights.forbidden");
    JsonObject wholeIndex = query(port, search.copy().put("targets", new JsonArray()
      .add(new JsonObject().put("index", "secret"))), token);
    assertThat(errorId(wholeIndex)).isEqualTo("security.rights.forbidden");
    JsonObject allowedTargets = query(port, search.copy().put("targets", new JsonArray()
      .add(new JsonObject().put("index", "public").put("collections", new JsonArray().add("c")))), token);
    assertThat(errorId(allowedTargets)).isNotIn("security.rights.forbidden", null);
    JsonObject noIndex = query(port, search.copy().put("collection", "c"), token);
    assertThat(noIndex.getInteger("status")).isEqualTo(400);
    assertThat(errorId(noIndex)).isEqualTo("api.assert.missing_argument");
    JsonObject nonStringIndex = query(port, search.copy().put("index", new JsonArray().add("secret"))
      .put("collection", "c"), token);
    assertThat(nonStringIndex.getInteger("status")).isEqualTo(400);
  }

  @Test
  void indexMDelete_deletesOnlyTheIndexesTheUserMayDelete() throws Exception {
    for (String index : new String[] {"scratch", "keep"}) {
      asAdmin(new JsonObject().put("controller", "index").put("action", "create").put("index", index));
    }
    asAdmin(new JsonObject().put("controller", "security").put("action", "createRole").put("_id", "dropper")
      .put("body", new JsonObject("{\"controllers\": {\"index\": {\"actions\": {\"mDelete\": true,"
        + " \"delete\": true}}}}")));
    asAdmin(new JsonObject().put("controller", "security").put("action", "createProfile").put("_id", "scratchOnly")
      .put("body", new JsonObject("{\"policies\": [{\"roleId\": \"dropper\", \"restrictedTo\":"
        + " [{\"index\": \"scratch\"}]}]}")));
    createUser("dropper", "scratchOnly");
    String token = login("dropper", "dropper-pass");

    JsonObject deleted = query(port, new JsonObject().put("controller", "index").put("action", "mDelete")
      .put("body", new JsonObject().put("indexes", new JsonArray().add("scratch").add("keep"))), token);

    assertThat(deleted.getJsonObject("result").getJsonArray("deleted")).isEqualTo(new JsonArray().add("scratch"));
    JsonObject kept = asAdmin(new JsonObject().put("controller", "index").put("action", "exists")
      .put("index", "keep"));
    assertThat(kept.getBoolean("result")).isTrue();
  }

  @Test
  void httpRoute_decidesController_notTheBody() throws Exception {
    JsonObject login = http(port, "POST", "/_login/local", new JsonObject().put("controller", "security")
      .put("action", "createUser").put("username", "plain").put("password", "wrong").encode(), null);
    assertThat(login.getString("controller")).isEqualTo("auth");
    assertThat(login.getString("action")).isEqualTo("login");
    assertThat(errorId(login)).isEqualTo("plugin.strategy.missing_user");
    String token = login("plain", "plain-pass");
    JsonObject me = http(port, "GET", "/_me?controller=security&action=getUser&_id=admin", null, token);
    assertThat(me.getString("controller")).isEqualTo("auth");
    assertThat(me.getJsonObject("result").getString("_id")).isEqualTo("plain");
    JsonObject reset = http(port, "POST", "/_logout", new JsonObject().put("controller", "admin")
      .put("action", "resetSecurity").encode(), token);
    assertThat(reset.getString("controller")).isEqualTo("auth");
    assertThat(reset.getString("action")).isEqualTo("logout");
    assertThat(me(adminToken).getInteger("status")).isEqualTo(200);
    JsonObject queried = query(port, new JsonObject().put("controller", "admin").put("action", "resetSecurity"),
      null);
    assertThat(errorId(queried)).isEqualTo("security.rights.unauthorized");
  }

  @Test
  void deletedUser_tokensAndApiKeys_dieWithIt() throws Exception {
    createUser("doomed", "default");
    String token = login("doomed", "doomed-pass");
    JsonObject key = asAdmin(new JsonObject().put("controller", "security").put("action", "createApiKey")
      .put("userId", "doomed").put("body", new JsonObject().put("description", "soon gone")));
    String apiKey = key.getJsonObject("result").getJsonObject("_source").getString("token");
    assertThat(me(apiKey).getJsonObject("result").getString("_id")).isEqualTo("doomed");
    asAdmin(new JsonObject().put("controller", "security").put("action", "deleteUser").put("_id", "doomed"));
    assertThat(errorId(me(token))).isEqualTo("security.token.invalid");
    assertThat(errorId(me(apiKey))).isEqualTo("security.token.invalid");
    assertThat(errorId(http(port, "POST", "/_login/local", new JsonObject().put("username", "doomed")
      .put("password", "doomed-pass").encode(), null))).isEqualTo("plugin.strategy.missing_user");
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String hs256(String payload, byte[] key) throws Exception {
    String signed = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(payload);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return signed + "." + Base64.getUrlEncoder().withoutPadding()
      .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
  }
}
