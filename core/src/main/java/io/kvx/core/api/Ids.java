package io.kvx.core.api;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Identifiers that need to be unique but not unguessable, drawn without the lock of {@link UUID#randomUUID()}. */
public final class Ids {

  private Ids() {
  }

  /** A random version 4 UUID, as Kuzzle generates for requests that come without a {@code requestId}. */
  public static String uuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
