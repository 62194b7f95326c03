package io.kvx.core.api;

/**
 * The protocol a request arrived on. It decides how arguments are typed: HTTP query-string arguments are strings,
 * so HTTP treats a boolean argument as a flag and accepts JSON or comma-joined text for arrays and objects; the
 * other protocols carry JSON values and require real booleans.
 */
public enum Protocol {
  HTTP("http"),
  WEBSOCKET("websocket"),
  MQTT("mqtt"),
  /** A caller on the event bus, in this JVM or elsewhere in the cluster. */
  INTERNAL("internal");

  private final String wireName;

  Protocol(String wireName) {
    this.wireName = wireName;
  }

  /** The name Kuzzle gives this protocol in connection contexts. */
  public String wireName() {
    return wireName;
  }

  public static Protocol fromWireName(String name) {
    for (Protocol p : values()) {
      if (p.wireName.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("Unknown protocol: " + name);
  }
}
