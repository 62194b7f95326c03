package io.kvx.security;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The auth tokens that are valid on this node: a verified signature is not enough, a token must also be here, so
 * that logging out, revoking a user's tokens and refreshing (after a grace period) kill it before its expiry. Also
 * remembers which connections authenticated with each token, to tell them when it expires. Thread-safe: the
 * pipeline's hooks read it from every gateway event loop.
 */
// Limitation: without a Redis server (services.internalCache), tokens live in this JVM's memory only: they are lost
// on restart (users log in again) and valid on this node only. With one, TokenStore keeps them there too.
final class TokenRegistry {

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byUser = new ConcurrentHashMap<>();

  /**
   * One valid token.
   *
   * @param expiresAt epoch milliseconds, or -1 for a token that never expires
   * @param connections connection id to gateway address, for the connections that used the token
   * @param singleUse whether the token authenticates one request only
   */
  record Session(String token, String kuid, long expiresAt, boolean refreshed, Map<String, String> connections,
      boolean singleUse) {
    boolean expired(long now) {
      return expiresAt >= 0 && now >= expiresAt;
    }
  }

  void add(String token, String kuid, long expiresAt) {
    add(token, kuid, expiresAt, false);
  }

  void add(String token, String kuid, long expiresAt, boolean singleUse) {
    sessions.put(token, new Session(token, kuid, expiresAt, false, new ConcurrentHashMap<>(), singleUse));
    byUser.computeIfAbsent(kuid, k -> ConcurrentHashMap.newKeySet()).add(token);
  }

  /** Adds a token issued elsewhere (found in the shared store), as it was there; the session added. */
  Session restore(String token, String kuid, long expiresAt, boolean refreshed, boolean singleUse) {
    Session session = new Session(token, kuid, expiresAt, refreshed, new ConcurrentHashMap<>(), singleUse);
    Session previous = sessions.putIfAbsent(token, session);
    byUser.computeIfAbsent(kuid, k -> ConcurrentHashMap.newKeySet()).add(token);
    return previous == null ? session : previous;
  }

  /** The session of a token, or {@code null} if the token was never issued here or was revoked. */
  Session get(String token) {
    return sessions.get(token);
  }

  /**
   * Marks a token as refreshed: it stays valid {@code graceMillis} more (or until its expiry if sooner) and cannot
   * be refreshed again. False if it was already refreshed or is unknown.
   */
  boolean refreshed(String token, long graceMillis, long now) {
    Session session = sessions.get(token);
    if (session == null || session.refreshed()) {
      return false;
    }
    long until = session.expiresAt() < 0 ? now + graceMillis : Math.min(session.expiresAt(), now + graceMillis);
    return sessions.replace(token, session, new Session(token, session.kuid(), until, true, session.connections(),
      session.singleUse()));
  }

  /** Removes one token; the removed session, or {@code null}. */
  Session remove(String token) {
    Session session = sessions.remove(token);
    if (session != null) {
      Set<String> tokens = byUser.get(session.kuid());
      if (tokens != null) {
        tokens.remove(token);
      }
    }
    return session;
  }

  /** Removes every token of a user. */
  void removeUser(String kuid) {
    Set<String> tokens = byUser.remove(kuid);
    if (tokens != null) {
      tokens.forEach(sessions::remove);
    }
  }

  /** Forgets expired tokens, handing each to {@code expired} first. */
  void sweep(long now, Consumer<Session> expired) {
    sessions.values().removeIf(session -> {
      if (session.expired(now)) {
        expired.accept(session);
        Set<String> tokens = byUser.get(session.kuid());
        if (tokens != null) {
          tokens.remove(session.token());
        }
        return true;
      }
      return false;
    });
    byUser.values().removeIf(Set::isEmpty);
  }

  /** Forgets every token. */
  void clear() {
    sessions.clear();
    byUser.clear();
  }

  int size() {
    return sessions.size();
  }
}
