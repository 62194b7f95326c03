package io.kvx.security;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code admin} actions security owns, {@code resetSecurity} and {@code loadSecurities}, which the verticle
 * serving the {@code admin} controller forwards to {@link io.kvx.core.bus.Addresses#SECURITY_ADMIN}. Their results
 * say {@code acknowledge}, without a d, as Kuzzle's do.
 */
final class SecurityAdmin {

  private static final List<String> ON_EXISTING = List.of("fail", "skip", "overwrite");

  private final SecurityService service;
  private final SecurityController security;

  SecurityAdmin(SecurityService service, SecurityController security) {
    this.service = service;
    this.security = security;
  }

  /** The actions, to be called with forwarded calls; never served on the {@code admin} address itself. */
  ApiController actions() {
    return ApiController.named("admin")
      .action("resetSecurity", call -> service.reset())
      .action("loadSecurities", this::loadSecurities)
      .build();
  }

  /**
   * Body {@code {roles: {id: role}, profiles: {id: profile}, users: {id: {content, credentials}}}}, written in that
   * order (roles and profiles created or replaced); {@code onExistingUsers} says what to do with users that exist:
   * {@code fail} (the default, checked before anything is written), {@code skip} or {@code overwrite}.
   */
  private Future<JsonObject> loadSecurities(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonObject roles = request.getBodyObject("roles", new JsonObject());
    JsonObject profiles = request.getBodyObject("profiles", new JsonObject());
    JsonObject users = request.getBodyObject("users", new JsonObject());
    String onExisting = request.getString("onExistingUsers", "fail");
    if (!ON_EXISTING.contains(onExisting)) {
      throw KuzzleError.of("api.assert.invalid_argument", "onExistingUsers", "\"fail\", \"skip\", \"overwrite\"");
    }
    boolean force = request.getBoolean("force");
    List<String> ids = new ArrayList<>();
    for (Map.Entry<String, Object> user : users) {
      object(user.getValue(), "body.users." + user.getKey());
      ids.add(user.getKey());
    }
    for (Map.Entry<String, Object> role : roles) {
      JsonObject source = object(role.getValue(), "body.roles." + role.getKey());
      if (!force) {
        security.checkControllers(role.getKey(), source);
      }
    }
    return existing(ids).compose(found -> {
      if (!found.isEmpty() && "fail".equals(onExisting)) {
        return Future.failedFuture(KuzzleError.of("security.user.prevent_overwrite"));
      }
      Future<Void> chain = Future.succeededFuture();
      for (Map.Entry<String, Object> role : roles) {
        chain = chain.compose(done -> service.putRole(role.getKey(), ((JsonObject) role.getValue()).copy(), false)
          .mapEmpty());
      }
      for (Map.Entry<String, Object> profile : profiles) {
        JsonObject source = object(profile.getValue(), "body.profiles." + profile.getKey());
        chain = chain.compose(done -> service.putProfile(profile.getKey(), source.copy(), false).mapEmpty());
      }
      for (Map.Entry<String, Object> user : users) {
        boolean exists = found.contains(user.getKey());
        if (exists && "skip".equals(onExisting)) {
          continue;
        }
        chain = chain.compose(done -> loadUser(user.getKey(), (JsonObject) user.getValue(), exists));
      }
      return chain.map(new JsonObject().put("acknowledge", true));
    });
  }

  private Future<Void> loadUser(String id, JsonObject user, boolean replace) {
    Future<Void> cleared = replace ? service.deleteUser(id) : Future.succeededFuture();
    return cleared.compose(done -> service.createUser(id, user.getJsonObject("content", new JsonObject()).copy(),
      user.getJsonObject("credentials", new JsonObject()))).mapEmpty();
  }

  /** The ids, among {@code ids}, of users that exist. */
  private Future<List<String>> existing(List<String> ids) {
    List<Future<String>> lookups = ids.stream().map(id -> service.user(id).map(id)
      .recover(missing -> Future.succeededFuture(null))).toList();
    return Future.all(lookups).map(done -> lookups.stream().map(Future::result).filter(id -> id != null).toList());
  }

  private static JsonObject object(Object value, String path) {
    if (!(value instanceof JsonObject object)) {
      throw KuzzleError.of("api.assert.invalid_type", path, "object");
    }
    return object;
  }
}
