package io.kvx.realtime;

import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.Delivery;
import io.kvx.core.bus.NodeDelivery;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends notifications to the channels of rooms. A channel's notification is built once, with its {@code room} set to
 * the channel's name, and goes to each gateway instance of this node holding listeners as {@link Delivery} messages
 * of at most {@link #CHUNK} connections: a room with 100,000 subscribers costs this thread a few hundred messages,
 * and each gateway writes them in slices that leave its event loop free between two. The listeners held by another
 * node go to that node in one {@link NodeDelivery}, which crosses the network once whatever the number of its
 * gateway instances and connections.
 */
final class Notifier {

  /** The most connections in one delivery message. */
  static final int CHUNK = NodeDelivery.CHUNK;

  private final EventBus bus;
  private final String node;

  Notifier(EventBus bus, String node) {
    this.bus = bus;
    this.node = node;
  }

  /** The node id notifications carry in their {@code node} field. */
  String node() {
    return node;
  }

  /**
   * Sends a document notification to the channels of {@code rooms} that want its scope.
   *
   * @param notification the notification without {@code room}; {@code scope} must be {@code in} or {@code out}
   * @return the number of channels notified
   */
  int document(Collection<Room> rooms, JsonObject notification) {
    boolean in = "in".equals(notification.getString("scope"));
    int channels = 0;
    for (Room room : rooms) {
      for (Channel channel : room.channels.values()) {
        if (channel.options.wantsDocument(in)) {
          send(channel, notification);
          channels++;
        }
      }
    }
    return channels;
  }

  /** Sends a user notification ({@code user: in} or {@code out}) to the channels of the room that want it. */
  void user(Room room, JsonObject notification) {
    boolean in = "in".equals(notification.getString("user"));
    for (Channel channel : room.channels.values()) {
      if (channel.options.wantsUser(in)) {
        send(channel, notification);
      }
    }
  }

  private void send(Channel channel, JsonObject notification) {
    JsonObject forChannel = new JsonObject(new LinkedHashMap<>(notification.getMap())).put("room", channel.name);
    Map<String, Map<String, List<String>>> remote = new HashMap<>();
    channel.forEachAudience((gateway, connections) -> {
      String holder = Addresses.gatewayNode(gateway);
      if (holder == null || holder.equals(node)) {
        for (int from = 0; from < connections.size(); from += CHUNK) {
          List<String> slice = connections.subList(from, Math.min(connections.size(), from + CHUNK));
          bus.send(gateway, new Delivery(slice, forChannel));
        }
      } else {
        remote.computeIfAbsent(holder, h -> new LinkedHashMap<>()).put(gateway, connections);
      }
    });
    remote.forEach((holder, audiences) -> bus.send(Addresses.gatewayNodeAddress(holder),
      new NodeDelivery(audiences, forChannel)));
  }
}
