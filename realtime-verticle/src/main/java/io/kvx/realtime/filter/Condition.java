package io.kvx.realtime.filter;

/**
 * An atomic condition on one field of a document, after standardization (no sugar left: {@code in}, {@code ids},
 * {@code missing} and {@code bool} are rewritten into these). Conditions are identified by their canonical
 * {@link #key()}: two conditions with the same key are the same condition and are stored and evaluated once.
 */
interface Condition {

  /** The dotted field path the condition reads. */
  String field();

  /** The canonical text of the condition, unique per condition and stable across JVMs. */
  String key();

  /** Evaluates the condition directly on a flattened document (the reference semantics indexes must agree with). */
  boolean test(FlatDocument document);
}
