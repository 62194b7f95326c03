package io.kvx.realtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One channel of a room: its name ({@code <roomId>-<options code>}), its options, and the connections listening to
 * it, grouped by the gateway instance that holds them, so that a notification is sent once per gateway instance.
 */
final class Channel {

  final String name;
  final ChannelOptions options;
  private final Map<String, Audience> audiences = new HashMap<>();

  Channel(String name, ChannelOptions options) {
    this.name = name;
    this.options = options;
  }

  void add(String gateway, String connectionId) {
    audiences.computeIfAbsent(gateway, g -> new Audience()).add(connectionId);
  }

  void remove(String gateway, String connectionId) {
    Audience audience = audiences.get(gateway);
    if (audience != null && audience.remove(connectionId) && audience.isEmpty()) {
      audiences.remove(gateway);
    }
  }

  /** Calls {@code action} with each gateway address and an unmodifiable snapshot of its connections. */
  void forEachAudience(BiConsumer<String, List<String>> action) {
    audiences.forEach((gateway, audience) -> action.accept(gateway, audience.snapshot()));
  }

  /**
   * The connections of one gateway instance. Notifications get an immutable snapshot, taken again only after a
   * change: it can be handed to the gateway's thread by reference, and a busy room does not copy its subscribers for
   * every notification.
   */
  private static final class Audience {
    private final LinkedHashSet<String> connections = new LinkedHashSet<>();
    private List<String> snapshot;

    void add(String connectionId) {
      if (connections.add(connectionId)) {
        snapshot = null;
      }
    }

    boolean remove(String connectionId) {
      boolean removed = connections.remove(connectionId);
      if (removed) {
        snapshot = null;
      }
      return removed;
    }

    boolean isEmpty() {
      return connections.isEmpty();
    }

    List<String> snapshot() {
      if (snapshot == null) {
        snapshot = List.copyOf(new ArrayList<>(connections));
      }
      return snapshot;
    }
  }
}
