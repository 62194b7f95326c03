package io.kvx.document.storage;

import io.kvx.core.error.KuzzleError;

import java.nio.charset.StandardCharsets;

/**
 * Kuzzle's rules for index and collection names: non-empty, lowercase, at most 126 UTF-8 bytes, not {@code _all},
 * and none of {@code \ / * ? " < > | space tab CR LF , + # : . & %}.
 */
public final class NameRules {

  /** Collection name Kuzzle keeps for itself. */
  public static final String RESERVED_COLLECTION = "_kuzzle_keep";
  private static final int MAX_BYTES = 126;
  private static final String FORBIDDEN = "\\/*?\"<>| \t\r\n,+#:.&%";

  private NameRules() {
  }

  public static void checkIndex(String name) {
    if (!valid(name)) {
      throw KuzzleError.of("services.storage.invalid_index_name", name);
    }
  }

  public static void checkCollection(String name) {
    if (RESERVED_COLLECTION.equals(name)) {
      throw KuzzleError.of("services.storage.collection_reserved", name);
    }
    if (!valid(name)) {
      throw KuzzleError.of("services.storage.invalid_collection_name", name);
    }
  }

  static boolean valid(String name) {
    if (name == null || name.isEmpty() || name.equals("_all")
        || name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (FORBIDDEN.indexOf(c) >= 0 || Character.isUpperCase(c)) {
        return false;
      }
    }
    return true;
  }
}
