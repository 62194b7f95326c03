package io.kvx.security;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rights as Kuzzle evaluates them: roles, then policies and their restrictions, then profiles (section 8). */
class RightsEvaluationTest {

  private final SecurityState state = new SecurityState();
  private final SecurityHooks hooks = new SecurityHooks(null, state);

  @BeforeEach
  void roles() {
    role("documentsOnly", "{\"controllers\": {\"document\": {\"actions\": {\"get\": true}},"
      + " \"*\": {\"actions\": {\"*\": true}}}}");
    role("noDelete", "{\"controllers\": {\"document\": {\"actions\": {\"*\": true, \"delete\": false}}}}");
    role("readers", "{\"controllers\": {\"document\": {\"actions\": {\"get\": true, \"search\": true}}}}");
    role("indexes", "{\"controllers\": {\"index\": {\"actions\": {\"*\": true}}}}");
    role("nothing", "{\"controllers\": {\"*\": {\"actions\": {\"*\": false}}}}");
  }

  private void role(String id, String json) {
    state.roles.put(id, Role.of(id, new JsonObject(json)));
  }

  private void profile(String id, String json) {
    state.profiles.put(id, Profile.of(id, new JsonObject(json)));
  }

  private boolean allowed(String profile, String controller, String action, String index, String collection) {
    return hooks.allowed(List.of(profile), controller, action, index, collection);
  }

  @Test
  void allows_whenControllerKeyExists_neverFallsBackToWildcardController() {
    profile("p", "{\"policies\": [{\"roleId\": \"documentsOnly\"}]}");
    assertThat(allowed("p", "document", "get", null, null)).isTrue();
    assertThat(allowed("p", "document", "create", null, null)).isFalse();
    assertThat(allowed("p", "index", "create", null, null)).isTrue();
  }

  @Test
  void allows_whenActionMissing_usesWildcardActionOfThatController() {
    profile("p", "{\"policies\": [{\"roleId\": \"noDelete\"}]}");
    assertThat(allowed("p", "document", "create", null, null)).isTrue();
    assertThat(allowed("p", "document", "delete", null, null)).isFalse();
    assertThat(allowed("p", "index", "create", null, null)).isFalse();
  }

  @Test
  void roleOf_whenActionValueIsNotBoolean_refusesTheRole() {
    assertThatThrownBy(() -> Role.of("r", new JsonObject("{\"controllers\": {\"document\": {\"actions\":"
      + " {\"get\": \"yes\"}}}}")))
      .isInstanceOfSatisfying(KuzzleError.class, e -> assertThat(e.id()).isEqualTo("security.role.invalid_rights"));
  }

  @Test
  void allows_whenRestricted_checksIndexAndCollections() {
    profile("p", "{\"policies\": [{\"roleId\": \"readers\", \"restrictedTo\": [{\"index\": \"a\", \"collections\":"
      + " [\"c1\"]}, {\"index\": \"b\"}, {\"index\": \"e\", \"collections\": []}]}]}");
    assertThat(allowed("p", "document", "get", "a", "c1")).isTrue();
    assertThat(allowed("p", "document", "get", "a", "c2")).isFalse();
    assertThat(allowed("p", "document", "get", "b", "anything")).isTrue();
    assertThat(allowed("p", "document", "get", "e", "anything")).isTrue();
    assertThat(allowed("p", "document", "get", "c", "c1")).isFalse();
    assertThat(allowed("p", "document", "get", "a", null)).isTrue();
    assertThat(allowed("p", "document", "create", "a", "c1")).isFalse();
  }

  @Test
  void allows_whenRequestHasNoIndex_ignoresRestrictions() {
    profile("p", "{\"policies\": [{\"roleId\": \"readers\", \"restrictedTo\": [{\"index\": \"a\"}]}]}");
    assertThat(allowed("p", "document", "search", null, null)).isTrue();
    assertThat(allowed("p", "document", "search", null, "c1")).isTrue();
  }

  @Test
  void allows_whenAnyPolicyAllows() {
    profile("p", "{\"policies\": [{\"roleId\": \"readers\", \"restrictedTo\": [{\"index\": \"a\"}]},"
      + " {\"roleId\": \"indexes\"}]}");
    assertThat(allowed("p", "document", "get", "a", "x")).isTrue();
    assertThat(allowed("p", "document", "get", "b", "x")).isFalse();
    assertThat(allowed("p", "index", "create", "b", null)).isTrue();
  }

  @Test
  void allows_whenAnyProfileAllows_ignoringUnknownProfiles() {
    profile("closed", "{\"policies\": [{\"roleId\": \"nothing\"}]}");
    profile("open", "{\"policies\": [{\"roleId\": \"readers\"}]}");
    assertThat(hooks.allowed(List.of("missing", "closed"), "document", "get", "a", "b")).isFalse();
    assertThat(hooks.allowed(List.of("missing", "closed", "open"), "document", "get", "a", "b")).isTrue();
    assertThat(hooks.allowed(List.of(), "document", "get", "a", "b")).isFalse();
  }

  @Test
  void allows_whenPolicyNamesUnknownRole_deniesThatPolicy() {
    profile("p", "{\"policies\": [{\"roleId\": \"ghost\"}]}");
    assertThat(allowed("p", "document", "get", null, null)).isFalse();
  }

  @Test
  void allows_memoryStorageUnderEitherName() {
    role("noMs", "{\"controllers\": {\"ms\": {\"actions\": {\"*\": false}}, \"*\": {\"actions\": {\"*\": true}}}}");
    role("noMemoryStorage", "{\"controllers\": {\"memoryStorage\": {\"actions\": {\"get\": false}},"
      + " \"*\": {\"actions\": {\"*\": true}}}}");
    profile("p1", "{\"policies\": [{\"roleId\": \"noMs\"}]}");
    profile("p2", "{\"policies\": [{\"roleId\": \"noMemoryStorage\"}]}");
    assertThat(allowed("p1", "memoryStorage", "get", null, null)).isFalse();
    assertThat(allowed("p1", "ms", "get", null, null)).isFalse();
    assertThat(allowed("p2", "ms", "get", null, null)).isFalse();
    assertThat(allowed("p2", "server", "now", null, null)).isTrue();
  }

  @Test
  void permitted_withTargets_requiresEveryTarget() {
    profile("p", "{\"policies\": [{\"roleId\": \"readers\", \"restrictedTo\": [{\"index\": \"a\", \"collections\":"
      + " [\"c1\"]}, {\"index\": \"b\"}]}]}");
    assertThat(permitted("p", "[{\"index\": \"a\", \"collections\": [\"c1\"]}, {\"index\": \"b\","
      + " \"collections\": [\"x\", \"y\"]}]")).isTrue();
    assertThat(permitted("p", "[{\"index\": \"a\", \"collections\": [\"c1\", \"c2\"]}]")).isFalse();
    assertThat(permitted("p", "[{\"index\": \"b\"}, {\"index\": \"secret\", \"collections\": [\"c\"]}]")).isFalse();
    assertThat(permitted("p", "[{\"index\": \"b\"}]")).isTrue();
  }

  @Test
  void permitted_withTargetsAsJsonText_readsThem() {
    profile("p", "{\"policies\": [{\"roleId\": \"readers\", \"restrictedTo\": [{\"index\": \"a\"}]}]}");
    assertThat(hooks.permitted(List.of("p"), new KuzzleRequest(new JsonObject().put("controller", "document")
      .put("action", "search").put("targets", "[{\"index\": \"a\", \"collections\": [\"c\"]}]"), Protocol.HTTP)))
      .isTrue();
    assertThat(hooks.permitted(List.of("p"), new KuzzleRequest(new JsonObject().put("controller", "document")
      .put("action", "search").put("targets", "[{\"index\": \"z\"}]"), Protocol.HTTP))).isFalse();
  }

  @Test
  void permitted_withUnreadableTargets_onlyLetsUnrestrictedPoliciesThrough() {
    profile("restricted", "{\"policies\": [{\"roleId\": \"readers\", \"restrictedTo\": [{\"index\": \"a\"}]}]}");
    profile("unrestricted", "{\"policies\": [{\"roleId\": \"readers\"}]}");
    for (String targets : List.of("\"a:c1\"", "[]", "[{\"collections\": [\"c\"]}]", "[{\"index\": \"a\","
        + " \"collections\": \"c\"}]", "{\"index\": \"a\"}", "[{\"index\": \"a\", \"collections\": [1]}]")) {
      assertThat(permitted("restricted", targets)).as(targets).isFalse();
      assertThat(permitted("unrestricted", targets)).as(targets).isTrue();
    }
  }

  private boolean permitted(String profile, String targets) {
    JsonObject payload = new JsonObject().put("controller", "document").put("action", "search")
      .put("targets", Json.decode(targets));
    return hooks.permitted(List.of(profile), payload);
  }

  @Test
  void permitted_payloadWithoutAction_isRefused() {
    assertThatThrownBy(() -> hooks.permitted(List.of("p"), new JsonObject().put("controller", "document")))
      .isInstanceOfSatisfying(KuzzleError.class, e -> assertThat(e.id()).isEqualTo("api.assert.missing_argument"));
  }

  @Test
  void authorize_whenDenied_answers401ToAnonymousAnd403ToAUser() {
    profile("anonymous", "{\"policies\": [{\"roleId\": \"indexes\"}]}");
    profile("default", "{\"policies\": [{\"roleId\": \"indexes\"}]}");
    KuzzleRequest request = new KuzzleRequest(new JsonObject().put("controller", "document").put("action", "get"),
      Protocol.WEBSOCKET);
    RequestContext anonymous = new RequestContext("c", Protocol.WEBSOCKET, null, null, User.ANONYMOUS);
    assertThatThrownBy(() -> hooks.authorize(request, anonymous))
      .isInstanceOfSatisfying(KuzzleError.class, e -> assertThat(e.id()).isEqualTo("security.rights.unauthorized"));
    RequestContext user = anonymous.withUser(new User("u1", List.of("default")));
    assertThatThrownBy(() -> hooks.authorize(request, user))
      .isInstanceOfSatisfying(KuzzleError.class, e -> {
        assertThat(e.id()).isEqualTo("security.rights.forbidden");
        assertThat(e.status()).isEqualTo(403);
      });
    KuzzleRequest indexes = new KuzzleRequest(new JsonObject().put("controller", "index").put("action", "list"),
      Protocol.WEBSOCKET);
    assertThat(hooks.authorize(indexes, user).succeeded()).isTrue();
  }

  @Test
  void rightsOf_listsEachActionAndPlace_anyAllowedWinning() {
    profile("p", "{\"policies\": [{\"roleId\": \"noDelete\", \"restrictedTo\": [{\"index\": \"a\", \"collections\":"
      + " [\"c1\", \"c2\"]}]}, {\"roleId\": \"readers\"}]}");
    JsonArray hits = Rights.of(state, List.of("p")).getJsonArray("hits");
    assertThat(hits).contains(right("document", "delete", "a", "c1", "denied"),
      right("document", "*", "a", "c2", "allowed"), right("document", "get", "*", "*", "allowed"));
    assertThat(Rights.of(state, List.of("p")).getInteger("total")).isEqualTo(hits.size()).isEqualTo(6);
  }

  private static JsonObject right(String controller, String action, String index, String collection, String value) {
    return new JsonObject().put("controller", controller).put("action", action).put("index", index)
      .put("collection", collection).put("value", value);
  }

  /** JSON text to the value Vert.x would hold for it. */
  private static final class Json {
    static Object decode(String text) {
      return new JsonArray("[" + text + "]").getValue(0);
    }
  }
}
