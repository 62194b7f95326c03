package io.kvx.security;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.controller.ApiController;
import io.kvx.core.controller.ControllerDefinition;
import io.kvx.core.controller.ControllerRegistry;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code security} controller: the first administrator, users, roles, profiles, credentials and API keys on
 * behalf of users. Roles and profiles are all held in memory, so their gets and searches read no storage.
 */
final class SecurityController {

  private static final JsonArray LOCAL_FIELDS = new JsonArray().add("username").add("password");

  private final SecurityService service;
  private final SecurityHooks hooks;
  private final ControllerRegistry registry;

  SecurityController(SecurityService service, SecurityHooks hooks, ControllerRegistry registry) {
    this.service = service;
    this.hooks = hooks;
    this.registry = registry;
  }

  ApiController controller() {
    ApiController.Builder builder = ApiController.named("security")
      .action("createFirstAdmin", this::createFirstAdmin)
      .action("restrictDefaultRights", call -> service.applyDefaults(SecurityDefaults.STANDARD_ROLES,
        SecurityDefaults.STANDARD_PROFILES).map((Object) null))
      .action("refresh", call -> Future.succeededFuture(null));
    builder = new SecuritySearches(service.data).register(builder);
    return apiKeys(credentials(profiles(roles(users(builder))))).build();
  }

  private ApiController.Builder users(ApiController.Builder builder) {
    return builder
      .action("createUser", call -> createUser(call, null))
      .action("createRestrictedUser", call -> createUser(call, service.options.restrictedProfileIds()))
      .action("getUser", call -> service.user(call.request().getId()).map(SecurityState.SecurityUser::toJson))
      .action("mGetUsers", this::mGetUsers)
      .action("updateUser", call -> {
        String kuid = call.request().getId();
        return service.user(kuid).compose(user -> service.replaceUser(kuid, user.content().copy()
          .mergeIn(call.request().getBody(), true))).map(SecurityState.SecurityUser::toJson);
      })
      .action("replaceUser", call -> service.replaceUser(call.request().getId(), call.request().getBody())
        .map(SecurityState.SecurityUser::toJson))
      .action("deleteUser", call -> {
        String kuid = call.request().getId();
        return service.deleteUser(kuid).map(new JsonObject().put("_id", kuid));
      })
      .action("mDeleteUsers", call -> mDelete(ids(call.request()), service::deleteUser))
      .action("upsertUser", this::upsertUser)
      .action("getUserRights", call -> service.user(call.request().getId())
        .map(user -> Rights.of(service.state, user.profileIds())))
      .action("getUserStrategies", call -> service.user(call.request().getId())
        .compose(user -> service.localCredentials(user.id()))
        .map(local -> {
          JsonArray strategies = local == null ? new JsonArray() : new JsonArray().add("local");
          return new JsonObject().put("strategies", strategies).put("total", strategies.size());
        }))
      .action("revokeTokens", call -> service.user(call.request().getId())
        .compose(user -> service.state.tokenStore.revokeUser(user.id()))
        .map(new JsonObject().put("acknowledged", true)))
      .action("checkRights", call -> {
        JsonObject target = call.request().getBody();
        return service.user(call.request().getString("userId")).map(user -> new JsonObject().put("allowed",
          hooks.permitted(user.profileIds(), target)));
      });
  }

  private ApiController.Builder roles(ApiController.Builder builder) {
    return builder
      .action("createRole", call -> putRole(call, true))
      .action("createOrReplaceRole", call -> putRole(call, false))
      .action("updateRole", this::updateRole)
      .action("getRole", call -> Future.succeededFuture(role(call.request().getId()).toJson()))
      .action("mGetRoles", call -> Future.succeededFuture(hits(ids(call.request()).stream()
        .map(service.state.roles::get).filter(r -> r != null).map(Role::toJson).toList())))
      .action("searchRoles", call -> Future.succeededFuture(search(call.request(), service.state.roles.values(),
        "controllers", Role::toJson, (role, names) -> names.stream().anyMatch(name ->
          role.source().getJsonObject("controllers").containsKey(name)))))
      .action("deleteRole", call -> {
        String id = call.request().getId();
        return service.deleteRole(id).map(new JsonObject().put("_id", id));
      })
      .action("mDeleteRoles", call -> mDelete(ids(call.request()), service::deleteRole));
  }

  private ApiController.Builder profiles(ApiController.Builder builder) {
    return builder
      .action("createProfile", call -> putProfile(call, true))
      .action("createOrReplaceProfile", call -> putProfile(call, false))
      .action("updateProfile", call -> {
        Profile profile = profile(call.request().getId());
        return service.putProfile(profile.id(), profile.source().copy().mergeIn(call.request().getBody()), false)
          .map(Profile::toJson);
      })
      .action("getProfile", call -> Future.succeededFuture(profile(call.request().getId()).toJson()))
      .action("mGetProfiles", call -> Future.succeededFuture(hits(ids(call.request()).stream()
        .map(service.state.profiles::get).filter(p -> p != null).map(Profile::toJson).toList())))
      .action("deleteProfile", call -> {
        String id = call.request().getId();
        return service.deleteProfile(id).map(new JsonObject().put("_id", id));
      })
      .action("getProfileRights", call -> Future.succeededFuture(Rights.of(service.state,
        List.of(profile(call.request().getId()).id()))))
      .action("mDeleteProfiles", call -> mDelete(ids(call.request()), service::deleteProfile));
  }

  private ApiController.Builder credentials(ApiController.Builder builder) {
    return builder
      .action("createCredentials", call -> local(call).compose(kuid -> service.createCredentials(kuid,
        call.request().getBody())).compose(done -> credentials(call)))
      .action("updateCredentials", call -> local(call).compose(kuid -> service.updateCredentials(kuid,
        call.request().getBody())).compose(done -> credentials(call)))
      .action("getCredentials", call -> local(call).compose(kuid -> credentials(call)))
      .action("getCredentialsById", call -> local(call, false).compose(strategy -> {
        String username = call.request().getId();
        return service.data.get(InternalData.CREDENTIALS, username).compose(found -> found == null
          ? Future.failedFuture(KuzzleError.of("security.credentials.rejected", "no local credentials with the"
            + " username \"" + username + "\""))
          : Future.succeededFuture(new JsonObject().put("username", username).put("kuid", found.getString("kuid"))));
      }))
      .action("hasCredentials", call -> local(call).compose(kuid -> service.localCredentials(kuid))
        .map(found -> found != null))
      .action("validateCredentials", call -> local(call).compose(kuid -> service.validatePassword(kuid,
        call.request().getBody())).compose(valid -> valid ? Future.succeededFuture(true)
        : Future.failedFuture(KuzzleError.of("security.credentials.rejected", "wrong password"))))
      .action("deleteCredentials", call -> local(call).compose(service::deleteCredentials)
        .map(new JsonObject().put("acknowledged", true)))
      .action("getCredentialFields", call -> local(call, false).map(LOCAL_FIELDS.copy()))
      .action("getAllCredentialFields", call -> Future.succeededFuture(new JsonObject()
        .put("local", LOCAL_FIELDS.copy())));
  }

  private ApiController.Builder apiKeys(ApiController.Builder builder) {
    return builder
      .action("createApiKey", call -> {
        KuzzleRequest request = call.request();
        return service.user(request.getString("userId")).compose(user -> service.createApiKey(user.id(),
          request.getString("_id", null), request.getBodyString("description"),
          request.input().getValue("expiresIn")));
      })
      .action("searchApiKeys", call -> ApiKeys.search(service, call.request().getString("userId"),
        call.request()))
      .action("deleteApiKey", call -> {
        String id = call.request().getId();
        return service.deleteApiKey(call.request().getString("userId"), id).map(new JsonObject().put("_id", id));
      });
  }

  /**
   * Creates the first user with the {@code admin} profile, while there is none; with {@code reset}, the roles and
   * profiles are then restricted to Kuzzle's standard rights. The content may not choose profiles.
   */
  private Future<JsonObject> createFirstAdmin(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonObject body = request.getBody();
    JsonObject content = body.getJsonObject("content", new JsonObject()).copy();
    if (content.containsKey("profileIds")) {
      throw KuzzleError.of("api.assert.forbidden_argument", "body.content.profileIds");
    }
    JsonObject credentials = body.getJsonObject("credentials", new JsonObject());
    // Limitation: two concurrent first calls may both see no admin and both succeed; a "create" of a marker
    // document in the internal storage before creating the user would let only one through.
    return service.adminExists().compose(exists -> {
      if (exists) {
        return Future.failedFuture(KuzzleError.of("api.process.admin_exists"));
      }
      content.put("profileIds", new JsonArray().add("admin"));
      return service.createUser(request.getString("_id", null), content, credentials);
    }).compose(user -> (request.getBoolean("reset")
        ? service.applyDefaults(SecurityDefaults.STANDARD_ROLES, SecurityDefaults.STANDARD_PROFILES)
        : Future.<Void>succeededFuture()).map(user.toJson()));
  }

  private Future<JsonObject> createUser(ApiCall call, List<String> restrictedProfiles) {
    KuzzleRequest request = call.request();
    JsonObject body = request.getBody();
    JsonObject content = body.getJsonObject("content", new JsonObject()).copy();
    if (restrictedProfiles != null) {
      if (content.containsKey("profileIds")) {
        throw KuzzleError.of("api.assert.forbidden_argument", "body.content.profileIds");
      }
      content.put("profileIds", new JsonArray(new ArrayList<>(restrictedProfiles)));
    }
    return service.createUser(request.getString("_id", null), content,
      body.getJsonObject("credentials", new JsonObject())).map(SecurityState.SecurityUser::toJson);
  }

  /**
   * Body {@code {content, default?}}: the content merged into an existing user, or, for a new user (created without
   * credentials), merged over {@code default}.
   */
  private Future<JsonObject> upsertUser(ApiCall call) {
    KuzzleRequest request = call.request();
    String kuid = request.getId();
    JsonObject content = request.getBodyObject("content");
    JsonObject defaults = request.getBodyObject("default", new JsonObject());
    return service.user(kuid).transform(found -> {
      if (found.succeeded()) {
        return service.replaceUser(kuid, found.result().content().copy().mergeIn(content, true));
      }
      if (!(found.cause() instanceof KuzzleError error) || !"security.user.not_found".equals(error.id())) {
        return Future.failedFuture(found.cause());
      }
      return service.createUser(kuid, defaults.copy().mergeIn(content, true), new JsonObject());
    }).map(SecurityState.SecurityUser::toJson);
  }

  /**
   * Deletes each id in turn: the ids deleted, or 206 {@code services.storage.incomplete_delete} naming those that
   * could not be.
   */
  private static Future<JsonArray> mDelete(List<String> ids, Function<String, Future<Void>> delete) {
    JsonArray deleted = new JsonArray();
    List<String> failed = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain = chain.compose(done -> delete.apply(id).transform(one -> {
        if (one.succeeded()) {
          deleted.add(id);
        } else {
          failed.add(id);
        }
        return Future.<Void>succeededFuture();
      }));
    }
    return chain.compose(done -> failed.isEmpty() ? Future.succeededFuture(deleted)
      : Future.failedFuture(KuzzleError.of("services.storage.incomplete_delete", String.join(", ", failed))));
  }

  private Future<JsonObject> mGetUsers(ApiCall call) {
    List<String> ids = ids(call.request());
    List<Future<SecurityState.SecurityUser>> users = ids.stream().map(id -> service.user(id)
      .recover(missing -> Future.succeededFuture(null))).toList();
    return Future.all(users).map(found -> hits(users.stream().map(Future::result).filter(u -> u != null)
      .map(SecurityState.SecurityUser::toJson).toList()));
  }

  private Future<JsonObject> putRole(ApiCall call, boolean create) {
    KuzzleRequest request = call.request();
    String id = request.getId();
    JsonObject source = request.getBody();
    if (!request.getBoolean("force")) {
      checkControllers(id, source);
    }
    return service.putRole(id, source, create).map(Role::toJson);
  }

  private Future<JsonObject> updateRole(ApiCall call) {
    KuzzleRequest request = call.request();
    Role role = role(request.getId());
    JsonObject merged = role.source().copy().mergeIn(request.getBody(), true);
    if (!request.getBoolean("force")) {
      checkControllers(role.id(), merged);
    }
    return service.putRole(role.id(), merged, false).map(Role::toJson);
  }

  /** Refuses a role naming a controller or an action that does not exist ({@code force} skips the check). */
  void checkControllers(String id, JsonObject source) {
    if (!(source.getValue("controllers") instanceof JsonObject controllers)) {
      return;
    }
    for (String name : controllers.fieldNames()) {
      if ("*".equals(name)) {
        continue;
      }
      ControllerDefinition definition = registry.controller(name);
      if (definition == null) {
        throw KuzzleError.of("security.role.unknown_controller", id, name, "Use \"force\" to set it anyway.");
      }
      if (controllers.getValue(name) instanceof JsonObject entry && entry.getValue("actions") instanceof JsonObject a) {
        for (String action : a.fieldNames()) {
          if (!"*".equals(action) && !definition.actions().containsKey(action)) {
            throw KuzzleError.of("security.role.unknown_action", id, action, name,
              "Use \"force\" to set it anyway.");
          }
        }
      }
    }
  }

  private Future<JsonObject> putProfile(ApiCall call, boolean create) {
    KuzzleRequest request = call.request();
    return service.putProfile(request.getId(), request.getBody(), create).map(Profile::toJson);
  }

  private Role role(String id) {
    Role role = service.state.roles.get(id);
    if (role == null) {
      throw KuzzleError.of("security.role.not_found", id);
    }
    return role;
  }

  private Profile profile(String id) {
    Profile profile = service.state.profiles.get(id);
    if (profile == null) {
      throw KuzzleError.of("security.profile.not_found", id);
    }
    return profile;
  }

  /**
   * Searches objects held in memory: those naming any of the body's {@code field} values (all when absent), sorted
   * by id, paged by {@code from} and {@code size}.
   */
  private static <T> JsonObject search(KuzzleRequest request, Collection<T> all, String field,
      Function<T, JsonObject> toJson, java.util.function.BiPredicate<T, List<String>> names) {
    JsonArray wanted = request.getBody(new JsonObject()).getJsonArray(field);
    List<String> filter = wanted == null ? null : wanted.stream().map(String::valueOf).toList();
    Predicate<T> keep = filter == null ? any -> true : object -> names.test(object, filter);
    List<JsonObject> matching = all.stream().filter(keep).map(toJson)
      .sorted((a, b) -> a.getString("_id").compareTo(b.getString("_id"))).toList();
    int from = (int) Math.min(matching.size(), request.getInteger("from", 0));
    int size = (int) request.getInteger("size", 10);
    JsonArray hits = new JsonArray();
    matching.subList(from, Math.min(matching.size(), from + size)).forEach(hits::add);
    return new JsonObject().put("hits", hits).put("total", matching.size());
  }

  private static JsonObject hits(List<JsonObject> found) {
    return new JsonObject().put("hits", new JsonArray(new ArrayList<>(found)));
  }

  /** The ids of an {@code m*} action: body {@code {ids}} or, over HTTP GET, the {@code ids} argument. */
  private static List<String> ids(KuzzleRequest request) {
    JsonArray ids = request.rawBody() == null ? request.getArray("ids") : request.getBodyArray("ids");
    List<String> list = new ArrayList<>();
    for (Object id : ids) {
      if (!(id instanceof String s)) {
        throw KuzzleError.of("api.assert.invalid_type", "ids", "array of strings");
      }
      list.add(s);
    }
    return list;
  }

  /** The kuid of a credentials action, whose strategy must be {@code local} and whose user must exist. */
  private Future<String> local(ApiCall call) {
    return local(call, true);
  }

  private Future<String> local(ApiCall call, boolean withUser) {
    String strategy = call.request().getString("strategy");
    if (!"local".equals(strategy)) {
      throw KuzzleError.of("security.credentials.unknown_strategy", strategy);
    }
    return withUser ? service.user(call.request().getId()).map(SecurityState.SecurityUser::id)
      : Future.succeededFuture(strategy);
  }

  private Future<JsonObject> credentials(ApiCall call) {
    String kuid = call.request().getId();
    return service.localCredentials(kuid).compose(local -> local == null
      ? Future.failedFuture(KuzzleError.of("security.credentials.rejected", "user " + kuid
        + " has no local credentials"))
      : Future.succeededFuture(new JsonObject().put("username", local.getString("_id")).put("kuid", kuid)));
  }
}
