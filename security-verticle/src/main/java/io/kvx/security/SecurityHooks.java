package io.kvx.security;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.Protocol;
import io.kvx.core.api.RequestContext;
import io.kvx.core.api.User;
import io.kvx.core.error.KuzzleError;
import io.kvx.core.pipeline.PipelineHooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's security steps, run on the gateways' event loops from what {@link SecurityState} holds: the token's
 * signature and registration, the user's profiles, the roles of their policies, and the profiles' rate limits. Only
 * a user not met yet costs a round trip to the security verticle.
 */
public final class SecurityHooks implements PipelineHooks {

  private static final Future<Void> ALLOWED = Future.succeededFuture();
  private static final Future<User> ANONYMOUS = Future.succeededFuture(User.ANONYMOUS);
  /** A place no restriction can list ({@code %} is refused in index names): stands for unreadable targets. */
  private static final Place UNREADABLE = new Place("%unreadable", "%unreadable");

  private final Vertx vertx;
  private final SecurityState state;
  private final Map<String, long[]> rates = new ConcurrentHashMap<>();

  /** An index, and a collection of it ({@code null}: the index itself). */
  private record Place(String index, String collection) {
  }

  public SecurityHooks(Vertx vertx, SecurityState state) {
    this.vertx = vertx;
    this.state = state;
  }

  @Override
  public Future<User> authenticate(KuzzleRequest request, RequestContext context) {
    String jwt = request.jwt();
    if (jwt == null || jwt.isEmpty()) {
      return ANONYMOUS;
    }
    return verify(jwt).compose(claims -> {
      TokenRegistry.Session session = claims.apiKey() ? null : state.tokens.get(jwt);
      if (session != null && session.singleUse()) {
        // Another request, here or on another node, may have used it first.
        return state.tokenStore.consume(jwt).compose(first -> first ? user(claims.kuid())
          : Future.failedFuture(KuzzleError.of("security.token.invalid")));
      }
      if (session != null && context.gateway() != null) {
        session.connections().putIfAbsent(context.connectionId(), context.gateway());
      }
      return user(claims.kuid());
    });
  }

  /**
   * Checks a token: signature, expiry, and that it is still registered (auth tokens) or still an API key. The
   * claims, or 401 {@code security.token.invalid}/{@code expired}.
   */
  Future<Tokens.Claims> verify(String jwt) {
    Tokens.Claims known = known(jwt, System.currentTimeMillis());
    if (known != null) {
      return Future.succeededFuture(known);
    }
    Tokens signer = state.signer();
    if (signer == null) {
      return Future.failedFuture(KuzzleError.of("security.token.invalid"));
    }
    return signer.verify(jwt).compose(claims -> {
      long now = System.currentTimeMillis();
      if (claims.apiKey()) {
        SecurityState.ApiKey key = state.apiKeys.get(fingerprint(jwt));
        if (key == null || !key.kuid().equals(claims.kuid())) {
          return Future.failedFuture(KuzzleError.of("security.token.invalid"));
        }
        return Future.succeededFuture(claims);
      }
      return state.tokenStore.find(jwt).compose(session -> registered(claims, session, now));
    });
  }

  /** The claims of a signed auth token, checked against its registered session ({@code null}: none). */
  private static Future<Tokens.Claims> registered(Tokens.Claims claims, TokenRegistry.Session session, long now) {
    if (session == null && claims.expiresAt() >= 0 && now >= claims.expiresAt() - 1000) {
      // Its exact expiry passed and the sweeper forgot it, within the last second its signature allows.
      return Future.failedFuture(KuzzleError.of("security.token.expired"));
    }
    if (session == null || !session.kuid().equals(claims.kuid())) {
      return Future.failedFuture(KuzzleError.of("security.token.invalid"));
    }
    if (session.expired(now)) {
      return Future.failedFuture(KuzzleError.of("security.token.expired"));
    }
    return Future.succeededFuture(new Tokens.Claims(claims.kuid(), session.expiresAt(), false));
  }

  /**
   * The claims of a token this node holds, without checking its signature again: a token is registered here only
   * right after it was signed here, or after its signature was checked (one found in the shared store), and API keys
   * right after signing, so finding one is proof enough. {@code null} when the
   * token is unknown or expired, to be told apart by a full verification.
   */
  private Tokens.Claims known(String jwt, long now) {
    if (jwt.startsWith(Tokens.API_KEY_PREFIX)) {
      SecurityState.ApiKey key = state.apiKeys.get(fingerprint(jwt));
      return key == null || key.expiresAt() >= 0 && now >= key.expiresAt() ? null
        : new Tokens.Claims(key.kuid(), key.expiresAt(), true);
    }
    TokenRegistry.Session session = state.tokens.get(jwt);
    return session == null || session.expired(now) ? null
      : new Tokens.Claims(session.kuid(), session.expiresAt(), false);
  }

  private Future<User> user(String kuid) {
    SecurityState.SecurityUser known = state.users.get(kuid);
    if (known != null) {
      return Future.succeededFuture(known.toUser());
    }
    return vertx.eventBus().<JsonObject>request(SecurityVerticle.USER_LOOKUP, kuid)
      .transform(done -> done.succeeded() ? Future.succeededFuture(User.fromJson(done.result().body()))
        : Future.failedFuture(KuzzleError.of("security.token.invalid")));
  }

  @Override
  public Future<Void> authorize(KuzzleRequest request, RequestContext context) {
    User user = context.user();
    if (permitted(user.profileIds(), request)) {
      return ALLOWED;
    }
    throw user.isAnonymous()
      ? KuzzleError.of("security.rights.unauthorized", request.controller(), request.action())
      : KuzzleError.of("security.rights.forbidden", request.controller(), request.action(), user.kuid());
  }

  /**
   * Whether the profiles allow the request: on its {@code index} and {@code collection}, or, for a request naming
   * {@code targets} (a search over several collections), on every index and collection it names. Targets that
   * cannot be read count as a place no restriction lists: only a policy without restrictions lets them through.
   */
  boolean permitted(List<String> profileIds, KuzzleRequest request) {
    Object targets = request.input().getValue("targets");
    if (targets == null) {
      return allowed(profileIds, request.controller(), request.action(), request.index(), request.collection());
    }
    for (Place place : places(targets)) {
      if (!allowed(profileIds, request.controller(), request.action(), place.index(), place.collection())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the profiles allow the request described by {@code payload} ({@code {controller, action, index?,
   * collection?, targets?}}, as {@code checkRights} actions receive it); 400 when controller or action is missing.
   */
  boolean permitted(List<String> profileIds, JsonObject payload) {
    KuzzleRequest request = new KuzzleRequest(payload, Protocol.INTERNAL);
    if (request.controller() == null || request.action() == null) {
      throw KuzzleError.of("api.assert.missing_argument", request.controller() == null ? "body.controller"
        : "body.action");
    }
    return permitted(profileIds, request);
  }

  /**
   * The index and collection pairs of {@code targets}, {@code [{index, collections?}]} (over HTTP, the same as a
   * JSON string); a target without collections stands for its whole index.
   */
  private static List<Place> places(Object targets) {
    Object parsed = targets;
    if (targets instanceof String text) {
      try {
        parsed = new JsonArray(text);
      } catch (DecodeException e) {
        return List.of(UNREADABLE);
      }
    }
    if (!(parsed instanceof JsonArray list) || list.isEmpty()) {
      return List.of(UNREADABLE);
    }
    List<Place> places = new ArrayList<>();
    for (Object target : list) {
      if (!(target instanceof JsonObject entry) || !(entry.getValue("index") instanceof String index)) {
        return List.of(UNREADABLE);
      }
      Object collections = entry.getValue("collections");
      if (collections == null || collections instanceof JsonArray none && none.isEmpty()) {
        places.add(new Place(index, null));
      } else if (collections instanceof JsonArray names) {
        for (Object name : names) {
          if (!(name instanceof String collection)) {
            return List.of(UNREADABLE);
          }
          places.add(new Place(index, collection));
        }
      } else {
        return List.of(UNREADABLE);
      }
    }
    return places;
  }

  /**
   * Whether any policy of any of the profiles allows the action on this index and collection (a request without an
   * index ignores restrictions).
   */
  boolean allowed(List<String> profileIds, String controller, String action, String index, String collection) {
    return state.anyPolicy(profileIds, (policy, role) -> role.allows(controller, action)
      && policy.covers(index, collection));
  }

  /**
   * The most permissive rate limit of the user's profiles (0: none), counted per second: per user, or per connection
   * for the anonymous user, whom every client shares. {@code auth:logout} is never limited.
   */
  @Override
  public Future<Void> rateLimit(KuzzleRequest request, RequestContext context) {
    User user = context.user();
    int limit = limit(user.profileIds());
    if (limit == 0 || "auth".equals(request.controller()) && "logout".equals(request.action())) {
      return ALLOWED;
    }
    long second = System.currentTimeMillis() / 1000;
    long[] window = rates.computeIfAbsent(user.isAnonymous() ? "c:" + context.connectionId() : user.kuid(),
      k -> new long[2]);
    synchronized (window) {
      if (window[0] != second) {
        window[0] = second;
        window[1] = 0;
      }
      if (++window[1] > limit) {
        throw KuzzleError.of("api.process.too_many_requests");
      }
    }
    return ALLOWED;
  }

  private int limit(List<String> profileIds) {
    int limit = -1;
    for (String profileId : profileIds) {
      Profile profile = state.profiles.get(profileId);
      if (profile == null) {
        continue;
      }
      if (profile.rateLimit() == 0) {
        return 0;
      }
      limit = Math.max(limit, profile.rateLimit());
    }
    return Math.max(limit, 0);
  }

  /** Forgets the rate windows of past seconds. */
  void sweepRates() {
    long second = System.currentTimeMillis() / 1000;
    rates.values().removeIf(window -> window[0] < second);
  }

  /** The hex SHA-256 of a token, as API keys are stored. */
  static String fingerprint(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JVM", e);
    }
  }
}
