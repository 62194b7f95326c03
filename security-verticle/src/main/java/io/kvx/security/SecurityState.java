package io.kvx.security;

import io.kvx.core.api.User;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * What a node knows of security, shared by the security verticle (which writes it) and the pipeline hooks of every
 * gateway (which read it on each request, without asking storage): roles, profiles, the users met so far, API keys
 * and valid tokens. Thread-safe; values are immutable and replaced whole.
 */
public final class SecurityState {

  final Map<String, Role> roles = new ConcurrentHashMap<>();
  final Map<String, Profile> profiles = new ConcurrentHashMap<>();
  /** Users by kuid, loaded on first use and dropped when they change. */
  final Map<String, SecurityUser> users = new ConcurrentHashMap<>();
  /** API keys by the SHA-256 fingerprint of their token. */
  final Map<String, ApiKey> apiKeys = new ConcurrentHashMap<>();
  final TokenRegistry tokens = new TokenRegistry();
  /** Every change of {@link #tokens} goes through it: this node's registry alone, or shared through Redis. */
  volatile TokenStore tokenStore = TokenStore.local(tokens);
  private volatile Tokens signer;

  /** A user as security sees it: its id, profiles and content ({@code profileIds} included). */
  record SecurityUser(String id, List<String> profileIds, JsonObject content) {

    User toUser() {
      return new User(id, profileIds);
    }

    JsonObject toJson() {
      return new JsonObject().put("_id", id).put("_source", content);
    }
  }

  /** An API key: its id, its user and when it expires (-1: never). */
  record ApiKey(String id, String kuid, long expiresAt) {
  }

  /**
   * Calls {@code visit} with each policy of the given profiles and the policy's role, skipping unknown profiles and
   * roles, until {@code visit} answers true; whether one did.
   */
  boolean anyPolicy(List<String> profileIds, BiPredicate<Profile.Policy, Role> visit) {
    for (String profileId : profileIds) {
      Profile profile = profiles.get(profileId);
      if (profile == null) {
        continue;
      }
      for (Profile.Policy policy : profile.policies()) {
        Role role = roles.get(policy.roleId());
        if (role != null && visit.test(policy, role)) {
          return true;
        }
      }
    }
    return false;
  }

  Tokens signer() {
    return signer;
  }

  void signer(Tokens tokens) {
    this.signer = tokens;
  }
}
