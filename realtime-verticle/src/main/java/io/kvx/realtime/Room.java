package io.kvx.realtime;

import io.kvx.realtime.filter.FilterId;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A room: the subscribers of one normalized filter on one index and collection. Its id is the filter's id. A
 * subscriber is a connection; it listens to one or more channels of the room, one per set of options it subscribed
 * with.
 */
final class Room {

  final FilterId filter;
  /** The filter as a subscriber sent it, which other realtime nodes register to build the same room. */
  final Map<String, Object> source;
  final String id;
  final String index;
  final String collection;
  final Map<String, Channel> channels = new LinkedHashMap<>();
  final Map<String, Member> members = new HashMap<>();

  Room(FilterId filter, Map<String, Object> source, String index, String collection) {
    this.filter = filter;
    this.source = source;
    this.id = filter.value();
    this.index = index;
    this.collection = collection;
  }

  /** The channel for these options; the first options to create a channel name keep it (Kuzzle's users quirk). */
  Channel channel(ChannelOptions options) {
    return channels.computeIfAbsent(id + "-" + options.code(), name -> new Channel(name, options));
  }

  /**
   * A connection in the room: where it is held, the volatile data of its first subscription (carried by the user
   * notification sent when it leaves) and the channels it listens to.
   */
  static final class Member {
    final String connectionId;
    final String gateway;
    final String protocol;
    final JsonObject volatileData;
    final Set<Channel> channels = new LinkedHashSet<>();

    Member(String connectionId, String gateway, String protocol, JsonObject volatileData) {
      this.connectionId = connectionId;
      this.gateway = gateway;
      this.protocol = protocol;
      this.volatileData = volatileData;
    }
  }
}
