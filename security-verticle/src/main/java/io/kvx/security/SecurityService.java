package io.kvx.security;

import io.kvx.core.api.Ids;
import io.kvx.core.config.Units;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The security data and its rules, shared by the {@code auth} and {@code security} controllers: users and their
 * {@code local} credentials, roles, profiles, API keys and tokens. Every change is written to the internal storage
 * first, then to the node's {@link SecurityState}. Runs on the security verticle's event loop; password hashing goes
 * to worker threads.
 */
final class SecurityService {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityService.class);
  private static final String SECRET_ID = "jwt-secret";
  private static final int SECRET_BYTES = 64;

  final SecurityState state;
  final InternalData data;
  final SecurityOptions options;
  private final Vertx vertx;
  private final Passwords passwords;

  SecurityService(Vertx vertx, SecurityState state, InternalData data, SecurityOptions options) {
    this.vertx = vertx;
    this.state = state;
    this.data = data;
    this.options = options;
    this.passwords = new Passwords(options.passwordIterations());
  }

  /**
   * Reads the roles, profiles and API keys again and forgets the users met so far, after another node changed the
   * security data: each cache is replaced whole once everything is read.
   */
  Future<Void> reload() {
    return Future.all(data.all(InternalData.ROLES, null), data.all(InternalData.PROFILES, null),
      data.all(InternalData.API_KEYS, null)).map(loaded -> {
        List<JsonObject> roles = loaded.resultAt(0);
        List<JsonObject> profiles = loaded.resultAt(1);
        List<JsonObject> keys = loaded.resultAt(2);
        state.roles.keySet().retainAll(roles.stream().map(hit -> hit.getString("_id")).toList());
        roles.forEach(hit -> cache(Role.of(hit.getString("_id"), hit.getJsonObject("_source"))));
        state.profiles.keySet().retainAll(profiles.stream().map(hit -> hit.getString("_id")).toList());
        profiles.forEach(hit -> cache(Profile.of(hit.getString("_id"), hit.getJsonObject("_source"))));
        state.apiKeys.keySet().retainAll(keys.stream().map(hit -> hit.getJsonObject("_source")
          .getString("fingerprint")).toList());
        keys.forEach(this::cacheApiKey);
        state.users.clear();
        return null;
      });
  }

  /**
   * Loads the signing secret (generated and stored on first start unless configured), the roles and profiles (the
   * open defaults on an empty store) and the API keys.
   */
  Future<Void> load() {
    return secret()
      .compose(secret -> {
        state.signer(new Tokens(vertx, secret));
        return Future.all(data.all(InternalData.ROLES, null), data.all(InternalData.PROFILES, null));
      })
      .compose(loaded -> {
        List<JsonObject> roles = loaded.resultAt(0);
        List<JsonObject> profiles = loaded.resultAt(1);
        if (roles.isEmpty() && profiles.isEmpty()) {
          LOG.info("Empty security store: every user, anonymous included, has every right until an administrator"
            + " is created");
          return applyDefaults(SecurityDefaults.OPEN_ROLES, SecurityDefaults.OPEN_PROFILES);
        }
        roles.forEach(hit -> cache(Role.of(hit.getString("_id"), hit.getJsonObject("_source"))));
        profiles.forEach(hit -> cache(Profile.of(hit.getString("_id"), hit.getJsonObject("_source"))));
        return Future.succeededFuture();
      })
      .compose(defaults -> data.all(InternalData.API_KEYS, null))
      .map(keys -> {
        keys.forEach(this::cacheApiKey);
        return null;
      });
  }

  private void cacheApiKey(JsonObject hit) {
    JsonObject key = hit.getJsonObject("_source");
    state.apiKeys.put(key.getString("fingerprint"), new SecurityState.ApiKey(hit.getString("_id"),
      key.getString("userId"), key.getLong("expiresAt", -1L)));
  }

  private Future<byte[]> secret() {
    if (options.secret() != null) {
      return Future.succeededFuture(options.secret().getBytes(StandardCharsets.UTF_8));
    }
    return data.get(InternalData.CONFIG, SECRET_ID).compose(stored -> {
      if (stored != null) {
        return Future.succeededFuture(Base64.getDecoder().decode(stored.getString("secret")));
      }
      byte[] secret = new byte[SECRET_BYTES];
      new SecureRandom().nextBytes(secret);
      // Written with "create": when two nodes start at once, the second fails here and reads the first's secret.
      return data.put(InternalData.CONFIG, SECRET_ID, new JsonObject()
          .put("secret", Base64.getEncoder().encodeToString(secret)), true)
        .map(secret)
        .recover(failure -> data.get(InternalData.CONFIG, SECRET_ID)
          .map(winner -> Base64.getDecoder().decode(winner.getString("secret"))));
    });
  }

  /** Writes the roles and profiles given (the open or the standard set) and applies them. */
  Future<Void> applyDefaults(Map<String, JsonObject> roles, Map<String, JsonObject> profiles) {
    List<Future<?>> writes = new ArrayList<>();
    roles.forEach((id, source) -> writes.add(putRole(id, source.copy(), false)));
    return Future.all(writes).compose(rolesDone -> {
      List<Future<?>> profileWrites = new ArrayList<>();
      profiles.forEach((id, source) -> profileWrites.add(putProfile(id, source.copy(), false)));
      return Future.all(profileWrites);
    }).mapEmpty();
  }

  /**
   * Deletes every user (with its credentials, API keys and tokens), profile and role, then restores the open
   * defaults: {@code {deletedUsers, deletedProfiles, deletedRoles}}, the numbers of documents deleted.
   */
  Future<JsonObject> reset() {
    JsonObject deleted = new JsonObject().put("deletedProfiles", state.profiles.size())
      .put("deletedRoles", state.roles.size());
    return data.search(InternalData.USERS, null, 0, 0)
      .compose(users -> {
        deleted.put("deletedUsers", users.getLong("total"));
        return Future.all(List.of(data.truncate(InternalData.USERS), data.truncate(InternalData.CREDENTIALS),
          data.truncate(InternalData.API_KEYS), data.truncate(InternalData.PROFILES),
          data.truncate(InternalData.ROLES)));
      })
      .compose(truncated -> {
        state.users.clear();
        state.apiKeys.clear();
        state.profiles.clear();
        state.roles.clear();
        return state.tokenStore.clear()
          .compose(cleared -> applyDefaults(SecurityDefaults.OPEN_ROLES, SecurityDefaults.OPEN_PROFILES));
      })
      .map(deleted);
  }

  // Roles and profiles

  Future<Role> putRole(String id, JsonObject source, boolean create) {
    Role role = Role.of(id, source);
    if ("anonymous".equals(id) && !role.allows("auth", "login")) {
      return Future.failedFuture(KuzzleError.of("security.role.login_required"));
    }
    return data.put(InternalData.ROLES, id, source, create).map(written -> cache(role))
      .recover(failure -> Future.failedFuture(alreadyExists(failure, "Role", id)));
  }

  Future<Profile> putProfile(String id, JsonObject source, boolean create) {
    Profile profile = Profile.of(id, source);
    for (Profile.Policy policy : profile.policies()) {
      if (!state.roles.containsKey(policy.roleId())) {
        return Future.failedFuture(KuzzleError.of("security.role.not_found", policy.roleId()));
      }
    }
    if ("anonymous".equals(id) && profile.policies().stream().noneMatch(p -> p.roleId().equals("anonymous"))) {
      return Future.failedFuture(KuzzleError.of("security.profile.missing_anonymous_role"));
    }
    return data.put(InternalData.PROFILES, id, source, create).map(written -> cache(profile))
      .recover(failure -> Future.failedFuture(alreadyExists(failure, "Profile", id)));
  }

  Future<Void> deleteRole(String id) {
    if (SecurityDefaults.PROTECTED.contains(id)) {
      return Future.failedFuture(KuzzleError.of("security.role.cannot_delete"));
    }
    if (!state.roles.containsKey(id)) {
      return Future.failedFuture(KuzzleError.of("security.role.not_found", id));
    }
    boolean used = state.profiles.values().stream()
      .anyMatch(profile -> profile.policies().stream().anyMatch(policy -> policy.roleId().equals(id)));
    if (used) {
      return Future.failedFuture(KuzzleError.of("security.role.in_use", id));
    }
    return data.delete(InternalData.ROLES, id).map(deleted -> {
      state.roles.remove(id);
      return null;
    });
  }

  Future<Void> deleteProfile(String id) {
    if (SecurityDefaults.PROTECTED.contains(id)) {
      return Future.failedFuture(KuzzleError.of("security.profile.cannot_delete"));
    }
    if (!state.profiles.containsKey(id)) {
      return Future.failedFuture(KuzzleError.of("security.profile.not_found", id));
    }
    return data.search(InternalData.USERS, termsQuery("profileIds", id), 0, 1).compose(users -> {
      if (users.getLong("total") > 0) {
        return Future.failedFuture(KuzzleError.of("security.profile.in_use", id));
      }
      return data.delete(InternalData.PROFILES, id).map(deleted -> {
        state.profiles.remove(id);
        return null;
      });
    });
  }

  private Role cache(Role role) {
    state.roles.put(role.id(), role);
    return role;
  }

  private Profile cache(Profile profile) {
    state.profiles.put(profile.id(), profile);
    return profile;
  }

  // Users

  /** A user, from the cache or the storage; 404 {@code security.user.not_found} if there is none. */
  Future<SecurityState.SecurityUser> user(String kuid) {
    SecurityState.SecurityUser cached = state.users.get(kuid);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return data.get(InternalData.USERS, kuid).compose(content -> content == null
      ? Future.failedFuture(KuzzleError.of("security.user.not_found", kuid))
      : Future.succeededFuture(cacheUser(kuid, content)));
  }

  private SecurityState.SecurityUser cacheUser(String kuid, JsonObject content) {
    SecurityState.SecurityUser user = new SecurityState.SecurityUser(kuid, profileIds(content), content);
    state.users.put(kuid, user);
    return user;
  }

  private static List<String> profileIds(JsonObject content) {
    JsonArray ids = content.getJsonArray("profileIds", new JsonArray());
    return ids.stream().map(String::valueOf).toList();
  }

  /**
   * Creates a user with its content ({@code profileIds} required, each an existing profile) and its credentials
   * ({@code {local: {username, password}}}); {@code id} null means a generated kuid. Nothing is left behind when the
   * credentials are refused.
   */
  Future<SecurityState.SecurityUser> createUser(String id, JsonObject content, JsonObject credentials) {
    String kuid = id == null ? "kuid-" + Ids.uuid() : id;
    checkProfiles(content);
    checkStrategies(credentials);
    return data.put(InternalData.USERS, kuid, content, true)
      .recover(failure -> Future.failedFuture(alreadyExists(failure, "User", kuid)))
      .compose(created -> createCredentials(kuid, credentials.getJsonObject("local"))
        .recover(failure -> data.delete(InternalData.USERS, kuid).transform(rolledBack ->
          Future.failedFuture(failure))))
      .map(done -> cacheUser(kuid, content));
  }

  /** Replaces a user's content (updates merge before calling this); the user must exist. */
  Future<SecurityState.SecurityUser> replaceUser(String kuid, JsonObject content) {
    checkProfiles(content);
    return user(kuid).compose(existing -> data.put(InternalData.USERS, kuid, content, false))
      .map(written -> cacheUser(kuid, content));
  }

  /** Deletes a user with its credentials, tokens and API keys. */
  Future<Void> deleteUser(String kuid) {
    return user(kuid)
      .compose(found -> data.delete(InternalData.USERS, kuid))
      .compose(deleted -> deleteCredentials(kuid))
      .compose(deleted -> data.all(InternalData.API_KEYS, termsQuery("userId", kuid)))
      .compose(keys -> Future.all(keys.stream().map(key -> deleteApiKey(kuid, key.getString("_id"))).toList()))
      .compose(done -> {
        state.users.remove(kuid);
        return state.tokenStore.revokeUser(kuid);
      });
  }

  private void checkProfiles(JsonObject content) {
    Object ids = content.getValue("profileIds");
    if (!(ids instanceof JsonArray list) || list.isEmpty()) {
      throw KuzzleError.of("api.assert.missing_argument", "body.content.profileIds");
    }
    for (Object profileId : list) {
      if (!(profileId instanceof String name)) {
        throw KuzzleError.of("api.assert.invalid_type", "body.content.profileIds", "array of strings");
      }
      if (!state.profiles.containsKey(name)) {
        throw KuzzleError.of("security.profile.not_found", name);
      }
    }
  }

  private static void checkStrategies(JsonObject credentials) {
    for (String strategy : credentials.fieldNames()) {
      if (!"local".equals(strategy)) {
        throw KuzzleError.of("security.credentials.unknown_strategy", strategy);
      }
    }
  }

  /** Whether a user has the {@code admin} profile. */
  Future<Boolean> adminExists() {
    return data.search(InternalData.USERS, termsQuery("profileIds", "admin"), 0, 0)
      .map(found -> found.getLong("total") > 0);
  }

  // Local credentials: one document per username, {kuid, password hash}.

  /** Stores the local credentials of a user; {@code null} credentials (none given) store nothing. */
  Future<Void> createCredentials(String kuid, JsonObject local) {
    if (local == null) {
      return Future.succeededFuture();
    }
    String username = requireString(local, "username");
    String password = requireString(local, "password");
    return localCredentials(kuid).compose(existing -> {
      if (existing != null) {
        return Future.failedFuture(KuzzleError.of("security.credentials.rejected",
          "user " + kuid + " already has local credentials"));
      }
      return hash(password);
    }).compose(hash -> data.put(InternalData.CREDENTIALS, username, new JsonObject().put("kuid", kuid)
        .put("password", hash).put("username", username), true)
      .recover(failure -> Future.failedFuture(KuzzleError.of("security.credentials.rejected",
        "a user with the username \"" + username + "\" already exists"))))
      .mapEmpty();
  }

  /** Changes a user's username and/or password; the user must have local credentials. */
  Future<Void> updateCredentials(String kuid, JsonObject local) {
    return localCredentials(kuid).compose(existing -> {
      if (existing == null) {
        return Future.failedFuture(KuzzleError.of("security.credentials.rejected",
          "user " + kuid + " has no local credentials"));
      }
      String username = local.getValue("username") instanceof String s ? s : existing.getString("_id");
      Future<String> hash = local.getValue("password") instanceof String password ? hash(password)
        : Future.succeededFuture(existing.getJsonObject("_source").getString("password"));
      return hash.compose(stored -> {
        JsonObject source = new JsonObject().put("kuid", kuid).put("password", stored).put("username", username);
        if (username.equals(existing.getString("_id"))) {
          return data.put(InternalData.CREDENTIALS, username, source, false).mapEmpty();
        }
        return data.put(InternalData.CREDENTIALS, username, source, true)
          .recover(failure -> Future.failedFuture(KuzzleError.of("security.credentials.rejected",
            "a user with the username \"" + username + "\" already exists")))
          .compose(moved -> data.delete(InternalData.CREDENTIALS, existing.getString("_id"))).mapEmpty();
      });
    });
  }

  /** {@code {_id: username, _source: {kuid, password}}}, or {@code null} without local credentials. */
  Future<JsonObject> localCredentials(String kuid) {
    return data.search(InternalData.CREDENTIALS, termsQuery("kuid", kuid), 0, 1).map(found -> {
      JsonArray hits = found.getJsonArray("hits");
      return hits.isEmpty() ? null : hits.getJsonObject(0);
    });
  }

  Future<Void> deleteCredentials(String kuid) {
    return localCredentials(kuid).compose(existing -> existing == null ? Future.succeededFuture()
      : data.delete(InternalData.CREDENTIALS, existing.getString("_id")).mapEmpty());
  }

  /**
   * The kuid of the user with these local credentials, or 401 {@code plugin.strategy.missing_user}. An unknown
   * username costs the same hashing time as a wrong password.
   */
  Future<String> authenticateLocal(JsonObject body) {
    Object username = body.getValue("username");
    Object password = body.getValue("password");
    if (!(username instanceof String name) || !(password instanceof String secret)) {
      return Future.failedFuture(KuzzleError.of("plugin.strategy.missing_user", "wrong username or password"));
    }
    return data.get(InternalData.CREDENTIALS, name).compose(stored -> vertx.executeBlocking(() ->
        passwords.matches(secret, stored == null ? null : stored.getString("password")), false)
      .compose(matches -> matches ? Future.succeededFuture(stored.getString("kuid"))
        : Future.failedFuture(KuzzleError.of("plugin.strategy.missing_user", "wrong username or password"))));
  }

  /** Whether a password matches a user's local credentials (without logging in). */
  Future<Boolean> validatePassword(String kuid, JsonObject local) {
    return localCredentials(kuid).compose(existing -> existing == null || !(local.getValue("password")
        instanceof String password) ? Future.succeededFuture(false)
      : vertx.executeBlocking(() -> passwords.matches(password, existing.getJsonObject("_source")
        .getString("password")), false));
  }

  private Future<String> hash(String password) {
    return vertx.executeBlocking(() -> passwords.hash(password), false);
  }

  // Tokens and API keys

  /**
   * Issues an auth token for a user: {@code {_id, jwt, expiresAt, ttl}}. {@code expiresIn} null means the
   * configured default; -1 never expires; beyond {@code maxTTL}, 400 {@code security.token.ttl_exceeded}.
   */
  Future<JsonObject> issueToken(String kuid, Object expiresIn) {
    return issueToken(kuid, expiresIn, false);
  }

  /** The same, for a token that authenticates {@code singleUse} one request only. */
  Future<JsonObject> issueToken(String kuid, Object expiresIn, boolean singleUse) {
    long ttl = ttl(expiresIn, options.expiresIn(), options.maxTtl());
    String jwt = state.signer().sign(kuid, ttl, false);
    long expiresAt = ttl < 0 ? -1 : System.currentTimeMillis() + ttl;
    return state.tokenStore.issued(jwt, kuid, expiresAt, singleUse)
      .map(registered -> new JsonObject().put("_id", kuid).put("jwt", jwt).put("expiresAt", expiresAt)
        .put("ttl", ttl));
  }

  static long ttl(Object expiresIn, long fallback, long max) {
    long ttl;
    try {
      ttl = expiresIn == null ? fallback : Units.millis(expiresIn);
    } catch (IllegalArgumentException e) {
      throw KuzzleError.of("security.token.invalid_expiration", String.valueOf(expiresIn));
    }
    if (ttl < -1 || ttl == 0) {
      throw KuzzleError.of("security.token.invalid_expiration", String.valueOf(expiresIn));
    }
    if (max >= 0 && (ttl < 0 || ttl > max)) {
      throw KuzzleError.of("security.token.ttl_exceeded");
    }
    return ttl;
  }

  /**
   * Creates an API key for a user: {@code {_id, _source: {userId, description, expiresAt, ttl, fingerprint,
   * token}}}; the token is not stored, so this is the only time it is shown.
   */
  Future<JsonObject> createApiKey(String kuid, String id, String description, Object expiresIn) {
    long ttl = ttl(expiresIn == null ? -1 : expiresIn, -1, options.apiKeyMaxTtl());
    String token = state.signer().sign(kuid, ttl, true);
    long expiresAt = ttl < 0 ? -1 : System.currentTimeMillis() + ttl;
    String fingerprint = SecurityHooks.fingerprint(token);
    String keyId = id == null ? Ids.uuid() : id;
    JsonObject source = new JsonObject().put("userId", kuid).put("description", description)
      .put("expiresAt", expiresAt).put("ttl", ttl).put("fingerprint", fingerprint);
    return data.put(InternalData.API_KEYS, keyId, source, true)
      .recover(failure -> Future.failedFuture(alreadyExists(failure, "API key", keyId)))
      .map(written -> {
        state.apiKeys.put(fingerprint, new SecurityState.ApiKey(keyId, kuid, expiresAt));
        return new JsonObject().put("_id", keyId).put("_source", source.copy().put("token", token));
      });
  }

  /** Deletes an API key of a user; 404 {@code services.storage.not_found} if the user has no such key. */
  Future<Void> deleteApiKey(String kuid, String id) {
    return data.get(InternalData.API_KEYS, id).compose(key -> {
      if (key == null || !kuid.equals(key.getString("userId"))) {
        return Future.failedFuture(KuzzleError.of("services.storage.not_found", id, "%kvx",
          InternalData.API_KEYS));
      }
      return data.delete(InternalData.API_KEYS, id).map(deleted -> {
        state.apiKeys.remove(key.getString("fingerprint"));
        return null;
      });
    });
  }

  // Helpers

  static JsonObject termsQuery(String field, String value) {
    return new JsonObject().put("query", new JsonObject().put("terms", new JsonObject()
      .put(field, new JsonArray().add(value))));
  }

  private static String requireString(JsonObject object, String field) {
    Object value = object.getValue(field);
    if (!(value instanceof String s) || s.isEmpty()) {
      throw KuzzleError.of("security.credentials.rejected", "\"" + field + "\" must be a non-empty string");
    }
    return s;
  }

  private static Throwable alreadyExists(Throwable failure, String kind, String id) {
    if (failure instanceof KuzzleError error && "services.storage.document_already_exists".equals(error.id())) {
      return "User".equals(kind) ? KuzzleError.of("security.user.already_exists", id)
        : KuzzleError.of("services.storage.document_already_exists");
    }
    return failure;
  }
}
