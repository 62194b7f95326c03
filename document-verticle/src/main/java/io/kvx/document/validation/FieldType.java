package io.kvx.document.validation;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/** One type of the specification language: the options a field of that type may take, and the value check. */
interface FieldType {

  /** The name a specification gives in {@code type}. */
  String name();

  /** The keys {@code typeOptions} may hold. */
  Set<String> options();

  /** Whether fields may be declared below a field of this type. */
  default boolean allowsChildren() {
    return false;
  }

  /**
   * Checks a field's {@code typeOptions} and answers them completed with their defaults.
   *
   * @throws io.kvx.core.error.KuzzleError a {@code validation.*} error when the options are wrong
   */
  default JsonObject curate(JsonObject typeOptions) {
    return typeOptions;
  }

  /** Whether {@code value} (never {@code null}) is valid; when it is not, the reasons are added to {@code messages}. */
  boolean check(JsonObject typeOptions, Object value, List<String> messages);
}
