package io.kvx.security;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.User;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code auth} controller: logging in and out with the {@code local} strategy, tokens, the current user, its
 * rights, credentials and API keys.
 */
final class AuthController {

  private final SecurityService service;
  private final SecurityHooks hooks;
  private final int loginsPerSecond;
  private final Map<String, long[]> logins = new ConcurrentHashMap<>();

  AuthController(SecurityService service, SecurityHooks hooks, int loginsPerSecond) {
    this.service = service;
    this.hooks = hooks;
    this.loginsPerSecond = loginsPerSecond;
  }

  ApiController controller() {
    return ApiController.named("auth")
      .action("login", this::login)
      .action("logout", this::logout)
      .action("checkToken", this::checkToken)
      .action("refreshToken", this::refreshToken)
      .action("getCurrentUser", this::getCurrentUser)
      .action("getMyRights", call -> Future.succeededFuture(Rights.of(service.state, call.context().user())))
      .action("getStrategies", call -> Future.succeededFuture(new JsonArray().add("local")))
      .action("updateSelf", this::updateSelf)
      .action("checkRights", this::checkRights)
      .action("createMyCredentials", call -> strategy(call).compose(local -> service
        .createCredentials(loggedIn(call).kuid(), call.request().getBody()).compose(done -> myCredentials(call))))
      .action("updateMyCredentials", call -> strategy(call).compose(local -> service
        .updateCredentials(loggedIn(call).kuid(), call.request().getBody()).compose(done -> myCredentials(call))))
      .action("getMyCredentials", call -> strategy(call).compose(local -> myCredentials(call)))
      .action("credentialsExist", call -> strategy(call).compose(local -> service
        .localCredentials(loggedIn(call).kuid()).map(found -> found != null)))
      .action("validateMyCredentials", call -> strategy(call).compose(local -> service
        .validatePassword(loggedIn(call).kuid(), call.request().getBody()).compose(valid -> valid
          ? Future.succeededFuture(true)
          : Future.failedFuture(KuzzleError.of("security.credentials.rejected", "wrong password")))))
      .action("deleteMyCredentials", call -> strategy(call).compose(local -> service
        .deleteCredentials(loggedIn(call).kuid()).map(new JsonObject().put("acknowledged", true))))
      .action("createApiKey", this::createApiKey)
      .action("searchApiKeys", call -> ApiKeys.search(service, loggedIn(call).kuid(), call.request()))
      .action("deleteApiKey", call -> {
        String id = call.request().getId();
        return service.deleteApiKey(loggedIn(call).kuid(), id).map(new JsonObject().put("_id", id));
      })
      .action("createToken", call -> {
        KuzzleRequest request = call.request();
        boolean singleUse = request.getBoolean("singleUse");
        return service.issueToken(loggedIn(call).kuid(), request.input().getValue("expiresIn"), singleUse)
          .map(issued -> new JsonObject().put("token", issued.getString("jwt"))
            .put("expiresAt", issued.getLong("expiresAt")).put("ttl", issued.getLong("ttl"))
            .put("singleUse", singleUse));
      })
      .build();
  }

  private Future<JsonObject> login(ApiCall call) {
    KuzzleRequest request = call.request();
    String strategy = request.getString("strategy");
    if (!"local".equals(strategy)) {
      throw KuzzleError.of("security.credentials.unknown_strategy", strategy);
    }
    countLogin(call.context().connectionId());
    Object expiresIn = request.input().getValue("expiresIn");
    return service.authenticateLocal(request.getBody())
      .compose(kuid -> service.user(kuid).compose(user -> service.issueToken(kuid, expiresIn)));
  }

  /** Kuzzle's {@code limits.loginsPerSecond}: login attempts per connection and second. */
  private void countLogin(String connectionId) {
    long second = System.currentTimeMillis() / 1000;
    long[] window = logins.compute(connectionId, (id, current) -> current == null || current[0] != second
      ? new long[] {second, 0} : current);
    synchronized (window) {
      if (++window[1] > loginsPerSecond) {
        throw KuzzleError.of("api.process.too_many_logins_requests");
      }
    }
  }

  /** Forgets the login windows of past seconds. */
  void sweepLogins() {
    long second = System.currentTimeMillis() / 1000;
    logins.values().removeIf(window -> window[0] < second);
  }

  private Future<JsonObject> logout(ApiCall call) {
    User user = loggedIn(call);
    TokenStore tokens = service.state.tokenStore;
    Future<Void> revoked = call.request().getBoolean("global") ? tokens.revokeUser(user.kuid())
      : tokens.revoke(call.request().jwt());
    return revoked.map(new JsonObject().put("acknowledged", true));
  }

  private Future<JsonObject> checkToken(ApiCall call) {
    Object token = call.request().getBody(new JsonObject()).getValue("token");
    if (token == null) {
      return Future.succeededFuture(new JsonObject().put("valid", true).put("kuid", User.ANONYMOUS_KUID)
        .put("expiresAt", -1));
    }
    if (!(token instanceof String jwt)) {
      throw KuzzleError.of("api.assert.invalid_type", "body.token", "string");
    }
    return hooks.verify(jwt).transform(done -> Future.succeededFuture(done.succeeded()
      ? new JsonObject().put("valid", true).put("kuid", done.result().kuid())
        .put("expiresAt", done.result().expiresAt())
      : new JsonObject().put("valid", false).put("state", done.cause().getMessage())));
  }

  private Future<JsonObject> refreshToken(ApiCall call) {
    User user = loggedIn(call);
    String jwt = call.request().jwt();
    TokenRegistry.Session session = service.state.tokens.get(jwt);
    if (session == null || session.expiresAt() < 0) {
      throw KuzzleError.of("security.token.refresh_forbidden", session == null ? "An API key" : "A token that never"
        + " expires");
    }
    Object expiresIn = call.request().input().getValue("expiresIn");
    TokenStore tokens = service.state.tokenStore;
    return service.issueToken(user.kuid(), expiresIn).compose(issued -> tokens
      .refreshed(jwt, service.options.gracePeriod(), System.currentTimeMillis())
      .compose(refreshed -> refreshed ? Future.succeededFuture(issued) : tokens.revoke(issued.getString("jwt"))
        .transform(revoked -> Future.failedFuture(KuzzleError.of("security.token.refresh_forbidden",
          "A refreshed token")))));
  }

  private Future<JsonObject> getCurrentUser(ApiCall call) {
    User user = call.context().user();
    if (user.isAnonymous()) {
      return Future.succeededFuture(new JsonObject().put("_id", User.ANONYMOUS_KUID)
        .put("_source", new JsonObject().put("profileIds", new JsonArray().add("anonymous")))
        .put("strategies", new JsonArray()));
    }
    return service.user(user.kuid()).compose(found -> service.localCredentials(user.kuid())
      .map(local -> found.toJson().put("strategies", local == null ? new JsonArray() : new JsonArray().add("local"))));
  }

  private Future<JsonObject> updateSelf(ApiCall call) {
    User user = loggedIn(call);
    JsonObject changes = call.request().getBody();
    for (String forbidden : List.of("_id", "profileIds")) {
      if (changes.containsKey(forbidden)) {
        throw KuzzleError.of("api.assert.forbidden_argument", "body." + forbidden);
      }
    }
    return service.user(user.kuid()).compose(found -> service.replaceUser(user.kuid(),
      found.content().copy().mergeIn(changes, true))).map(SecurityState.SecurityUser::toJson);
  }

  private Future<JsonObject> checkRights(ApiCall call) {
    return Future.succeededFuture(new JsonObject().put("allowed", hooks.permitted(call.context().user().profileIds(),
      call.request().getBody())));
  }

  private Future<JsonObject> createApiKey(ApiCall call) {
    KuzzleRequest request = call.request();
    return service.createApiKey(loggedIn(call).kuid(), request.getString("_id", null),
      request.getBodyString("description"), request.input().getValue("expiresIn"));
  }

  private Future<JsonObject> myCredentials(ApiCall call) {
    String kuid = loggedIn(call).kuid();
    return service.localCredentials(kuid).compose(local -> local == null
      ? Future.failedFuture(KuzzleError.of("security.credentials.rejected", "user " + kuid
        + " has no local credentials"))
      : Future.succeededFuture(new JsonObject().put("username", local.getString("_id")).put("kuid", kuid)));
  }

  /** The {@code strategy} argument, which must be {@code local}. */
  private static Future<String> strategy(ApiCall call) {
    String strategy = call.request().getString("strategy");
    if (!"local".equals(strategy)) {
      throw KuzzleError.of("security.credentials.unknown_strategy", strategy);
    }
    return Future.succeededFuture(strategy);
  }

  /** The user of an action that needs one; the anonymous user gets 401. */
  private static User loggedIn(ApiCall call) {
    User user = call.context().user();
    if (user.isAnonymous()) {
      throw KuzzleError.of("security.rights.unauthorized", call.request().controller(), call.request().action());
    }
    return user;
  }
}
