package io.kvx.realtime.filter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identifier of a normalized filter in one index and collection: the hex SHA-256 of the collection and of the
 * filter's canonical disjunctive normal form. It depends on nothing but its inputs, so it is the same on every node,
 * every JVM and after a restart, and equivalent filters (same canonical form) get the same id. Kuzzle uses it as the
 * room id.
 */
public final class FilterId {

  private final String value;

  private FilterId(String value) {
    this.value = value;
  }

  /** Wraps an id previously obtained from {@link #value()}, for instance one received from another node. */
  public static FilterId fromString(String value) {
    return new FilterId(value);
  }

  static FilterId of(String index, String collection, String canonical) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      String input = Values.quote(index) + "/" + Values.quote(collection) + "\n" + canonical;
      return new FilterId(HexFormat.of().formatHex(digest.digest(input.getBytes(StandardCharsets.UTF_8))));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JVM", e);
    }
  }

  /** The id as a 64-character lowercase hex string. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FilterId && ((FilterId) other).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
