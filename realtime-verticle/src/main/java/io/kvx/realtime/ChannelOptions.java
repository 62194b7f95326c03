package io.kvx.realtime;

import io.kvx.core.error.KuzzleError;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * What a subscriber asked to receive from a room: document notifications by {@code scope}, user notifications by
 * {@code users}, and whether notifications produced on other nodes reach it ({@code cluster}, always true for remote
 * clients). Equal options share one channel of the room.
 */
record ChannelOptions(Scope scope, Users users, boolean cluster) {

  /** Which document notifications a channel receives: those whose scope is {@code in}, {@code out}, both or none. */
  enum Scope { ALL, IN, OUT, NONE }

  /** Which user notifications a channel receives: subscribers coming {@code in}, going {@code out}, both or none. */
  enum Users { ALL, IN, OUT, NONE }

  /** Reads the {@code scope} and {@code users} arguments of a subscription (defaults {@code all} and {@code none}). */
  static ChannelOptions of(String scope, String users) {
    return new ChannelOptions(parse(Scope.class, scope, Scope.ALL, "core.realtime.invalid_scope"),
      parse(Users.class, users, Users.NONE, "core.realtime.invalid_users"), true);
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value, E fallback, String error) {
    if (value == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
        return constant;
      }
    }
    throw KuzzleError.of(error);
  }

  /**
   * The channel suffix Kuzzle gives these options, so that channel names are the same as Kuzzle's: one digit for
   * users (all 1, in 2, out and none 3), one for cluster (1, or 2 when node-local), one for scope (all 1, in 2,
   * out 3, nothing for none). As in Kuzzle, {@code users: out} and {@code users: none} share a suffix.
   */
  String code() {
    String usersCode = switch (users) {
      case ALL -> "1";
      case IN -> "2";
      case OUT, NONE -> "3";
    };
    String scopeCode = switch (scope) {
      case ALL -> "1";
      case IN -> "2";
      case OUT -> "3";
      case NONE -> "";
    };
    return usersCode + (cluster ? "1" : "2") + scopeCode;
  }

  /** {@code {scope, users}}, as {@link #of} reads them back. */
  JsonObject toJson() {
    return new JsonObject().put("scope", scope.name().toLowerCase(Locale.ROOT))
      .put("users", users.name().toLowerCase(Locale.ROOT));
  }

  /** Whether a document notification of this scope ({@code in} or {@code out}) is for this channel. */
  boolean wantsDocument(boolean in) {
    return scope == Scope.ALL || scope == (in ? Scope.IN : Scope.OUT);
  }

  /** Whether a user notification ({@code in}: a subscriber came, else one left) is for this channel. */
  boolean wantsUser(boolean in) {
    return users == Users.ALL || users == (in ? Users.IN : Users.OUT);
  }
}
