package io.kvx.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.kvx.server.SecureClient.errorId;
import static io.kvx.server.SecureClient.http;
import static io.kvx.server.SecureClient.query;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin security actions, forwarded by the document verticle, and the security actions around them. */
@DisplayName("admin:loadSecurities and admin:resetSecurity reach the security verticle")
class SecurityAdminTest {

  private static final JsonObject FIXTURES = new JsonObject("{"
    + "\"roles\": {\"reader\": {\"controllers\": {\"document\": {\"actions\": {\"get\": true}},"
    + " \"auth\": {\"actions\": {\"*\": true}}}}, \"spare\": {\"controllers\": {\"server\": {\"actions\":"
    + " {\"now\": true}}}}},"
    + "\"profiles\": {\"readers\": {\"policies\": [{\"roleId\": \"reader\"}]}, \"spares\": {\"policies\":"
    + " [{\"roleId\": \"spare\"}]}},"
    + "\"users\": {\"ann\": {\"content\": {\"profileIds\": [\"readers\"]}, \"credentials\": {\"local\":"
    + " {\"username\": \"ann\", \"password\": \"first\"}}}}}");

  @TempDir
  Path dataDir;

  private KvxServer server;
  private int port;

  @BeforeEach
  void start() throws Exception {
    server = SecurityAttackTest.startNode(dataDir);
    port = server.port();
  }

  @AfterEach
  void stop() throws Exception {
    server.close().await(30, TimeUnit.SECONDS);
  }

  private JsonObject call(JsonObject envelope) throws Exception {
    return query(port, envelope, null);
  }

  private static JsonObject admin(String action) {
    return new JsonObject().put("controller", "admin").put("action", action);
  }

  private String loginError(String username, String password) throws Exception {
    return errorId(http(port, "POST", "/_login/local", new JsonObject().put("username", username)
      .put("password", password).encode(), null));
  }

  @Test
  void loadSecurities_writesRolesProfilesAndUsers_thenOnExistingUsersDecides() throws Exception {
    JsonObject loaded = call(admin("loadSecurities").put("body", FIXTURES));
    assertThat(loaded.getJsonObject("result")).isEqualTo(new JsonObject().put("acknowledge", true));
    assertThat(loginError("ann", "first")).isNull();
    JsonObject again = call(admin("loadSecurities").put("body", FIXTURES));
    assertThat(errorId(again)).isEqualTo("security.user.prevent_overwrite");
    JsonObject changed = FIXTURES.copy();
    changed.getJsonObject("users").getJsonObject("ann").getJsonObject("credentials").getJsonObject("local")
      .put("password", "second");
    assertThat(call(admin("loadSecurities").put("onExistingUsers", "skip").put("body", changed))
      .getInteger("status")).isEqualTo(200);
    assertThat(loginError("ann", "first")).isNull();
    assertThat(call(admin("loadSecurities").put("onExistingUsers", "overwrite").put("body", changed))
      .getInteger("status")).isEqualTo(200);
    assertThat(loginError("ann", "first")).isEqualTo("plugin.strategy.missing_user");
    assertThat(loginError("ann", "second")).isNull();
    assertThat(errorId(call(admin("loadSecurities").put("onExistingUsers", "merge").put("body", changed))))
      .isEqualTo("api.assert.invalid_argument");
    JsonObject unknownController = new JsonObject("{\"roles\": {\"bad\": {\"controllers\": {\"nope\": {\"actions\":"
      + " {\"x\": true}}}}}}");
    assertThat(errorId(call(admin("loadSecurities").put("body", unknownController))))
      .isEqualTo("security.role.unknown_controller");
  }

  @Test
  void resetSecurity_deletesEverything_andReopensRights() throws Exception {
    call(admin("loadSecurities").put("body", FIXTURES));
    JsonObject first = http(port, "POST", "/_createFirstAdmin/boss?reset=true", new JsonObject()
      .put("content", new JsonObject()).put("credentials", new JsonObject().put("local", new JsonObject()
        .put("username", "boss").put("password", "boss"))).encode(), null);
    assertThat(first.getInteger("status")).isEqualTo(200);
    String token = http(port, "POST", "/_login/local", "{\"username\": \"boss\", \"password\": \"boss\"}", null)
      .getJsonObject("result").getString("jwt");
    assertThat(errorId(call(admin("resetSecurity")))).isEqualTo("security.rights.unauthorized");
    JsonObject reset = query(port, admin("resetSecurity"), token);
    assertThat(reset.getInteger("status")).as(reset.encode()).isEqualTo(200);
    assertThat(reset.getJsonObject("result").getLong("deletedUsers")).isEqualTo(2);
    assertThat(reset.getJsonObject("result").getLong("deletedProfiles")).isEqualTo(5);
    assertThat(reset.getJsonObject("result").getLong("deletedRoles")).isEqualTo(5);
    assertThat(errorId(http(port, "GET", "/_me", null, token))).isEqualTo("security.token.invalid");
    assertThat(loginError("ann", "first")).isEqualTo("plugin.strategy.missing_user");
    assertThat(call(new JsonObject().put("controller", "server").put("action", "now")).getInteger("status"))
      .isEqualTo(200);
    assertThat(http(port, "GET", "/_adminExists", null, null).getJsonObject("result").getBoolean("exists"))
      .isFalse();
    assertThat(call(new JsonObject().put("controller", "security").put("action", "getRole").put("_id", "reader"))
      .getInteger("status")).isEqualTo(404);
  }

  @Test
  void mDeleteRolesAndProfiles_deleteWhatTheyCan_andNameTheRest() throws Exception {
    call(admin("loadSecurities").put("body", FIXTURES));
    JsonObject profiles = call(new JsonObject().put("controller", "security").put("action", "mDeleteProfiles")
      .put("body", new JsonObject().put("ids", new JsonArray().add("spares"))));
    assertThat(profiles.getJsonArray("result")).containsExactly("spares");
    JsonObject roles = call(new JsonObject().put("controller", "security").put("action", "mDeleteRoles")
      .put("body", new JsonObject().put("ids", new JsonArray().add("spare").add("reader"))));
    assertThat(roles.getInteger("status")).isEqualTo(206);
    assertThat(errorId(roles)).isEqualTo("services.storage.incomplete_delete");
    assertThat(roles.getJsonObject("error").getString("message")).contains("reader").doesNotContain("spare,");
    assertThat(call(new JsonObject().put("controller", "security").put("action", "getRole").put("_id", "spare"))
      .getInteger("status")).isEqualTo(404);
  }

  @Test
  void upsertUserAndGetCredentialsById() throws Exception {
    call(admin("loadSecurities").put("body", FIXTURES));
    JsonObject created = call(new JsonObject().put("controller", "security").put("action", "upsertUser")
      .put("_id", "bob").put("body", new JsonObject("{\"content\": {\"name\": \"Bob\"}, \"default\": {\"profileIds\":"
        + " [\"readers\"], \"name\": \"nobody\"}}")));
    assertThat(created.getJsonObject("result").getJsonObject("_source"))
      .isEqualTo(new JsonObject("{\"profileIds\": [\"readers\"], \"name\": \"Bob\"}"));
    JsonObject updated = call(new JsonObject().put("controller", "security").put("action", "upsertUser")
      .put("_id", "ann").put("body", new JsonObject("{\"content\": {\"name\": \"Ann\"}, \"default\": {\"profileIds\":"
        + " [\"spares\"]}}")));
    assertThat(updated.getJsonObject("result").getJsonObject("_source"))
      .isEqualTo(new JsonObject("{\"profileIds\": [\"readers\"], \"name\": \"Ann\"}"));
    JsonObject byId = http(port, "GET", "/credentials/local/ann/_byId", null, null);
    assertThat(byId.getJsonObject("result")).isEqualTo(new JsonObject().put("username", "ann").put("kuid", "ann"));
    assertThat(errorId(http(port, "GET", "/credentials/local/ghost/_byId", null, null)))
      .isEqualTo("security.credentials.rejected");
  }
}
