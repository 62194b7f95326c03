package io.kvx.realtime;

import io.kvx.core.error.KuzzleError;
import io.kvx.realtime.filter.FilterEngine;
import io.kvx.realtime.filter.FilterId;
import io.kvx.core.bus.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rooms of one node and who listens to them: which connections are in each room, on which channels, and which
 * rooms each connection is in. A room exists while it has a member; its filter is registered in the
 * {@link FilterEngine} for as long, and removing the last member frees it.
 *
 * <p>Not thread-safe: the realtime verticle confines it to its event loop.
 */
final class Subscriptions {

  /** How many closed connection ids are remembered. */
  static final int CLOSED_MEMORY = 16_384;

  private final FilterEngine engine;
  private final int maxRooms;
  private final Map<String, Room> rooms = new HashMap<>();
  /** How many rooms each {@code index/collection} has, so that a change nobody listens to costs one lookup. */
  private final Map<String, Integer> roomsByCollection = new HashMap<>();
  private final Map<String, Map<String, Room>> byConnection = new HashMap<>();
  /**
   * Connections that closed recently, so that a subscription still on its way when its connection closed is refused
   * rather than kept forever. Bounded: the oldest ids are forgotten first.
   */
  private final Map<String, Boolean> closed = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > CLOSED_MEMORY;
    }
  };
  private long members;

  Subscriptions(FilterEngine engine, int maxRooms) {
    this.engine = engine;
    this.maxRooms = maxRooms;
  }

  /** Who subscribes: the connection, the gateway instance holding it, its protocol and its volatile data. */
  record Subscriber(String connectionId, String gateway, String protocol, JsonObject volatileData) {
  }

  /**
   * The outcome of a subscription or a join.
   *
   * @param arrived true when the connection was not in the room before (its arrival is notified to the room)
   */
  record Joined(Room room, Channel channel, boolean arrived) {
  }

  /** A connection that left a room; {@code remaining} subscribers are left in it. */
  record Left(Room room, Room.Member member, int remaining) {
  }

  /**
   * Subscribes a connection to the room of a filter, creating the room if needed. Throws
   * {@code api.assert.koncorde_dsl_error} for an invalid filter and {@code core.realtime.too_many_rooms} when a new
   * room would exceed {@code limits.subscriptionRooms}.
   */
  Joined subscribe(Subscriber who, String index, String collection, Map<String, Object> filter,
      ChannelOptions options) {
    FilterId id = engine.register(index, collection, filter);
    Room room = rooms.get(id.value());
    if (room == null) {
      if (rooms.size() >= maxRooms) {
        engine.remove(id);
        throw KuzzleError.of("core.realtime.too_many_rooms");
      }
      room = new Room(id, filter, index, collection);
      rooms.put(room.id, room);
      roomsByCollection.merge(collectionKey(index, collection), 1, Integer::sum);
    }
    return join(room, who, options);
  }

  /** Joins an existing room; {@code core.realtime.room_not_found} if there is none with this id. */
  Joined join(String roomId, Subscriber who, ChannelOptions options) {
    Room room = rooms.get(roomId);
    if (room == null) {
      throw KuzzleError.of("core.realtime.room_not_found", roomId);
    }
    return join(room, who, options);
  }

  private Joined join(Room room, Subscriber who, ChannelOptions options) {
    if (closed.containsKey(who.connectionId())) {
      if (room.members.isEmpty()) {
        removeRoom(room);
      }
      throw KuzzleError.of("api.process.connection_dropped");
    }
    Channel channel = room.channel(options);
    Room.Member member = room.members.get(who.connectionId());
    boolean arrived = member == null;
    if (arrived) {
      member = new Room.Member(who.connectionId(), who.gateway(), who.protocol(), who.volatileData());
      room.members.put(who.connectionId(), member);
      byConnection.computeIfAbsent(who.connectionId(), c -> new HashMap<>()).put(room.id, room);
      members++;
    }
    if (member.channels.add(channel)) {
      channel.add(member.gateway, member.connectionId);
    }
    return new Joined(room, channel, arrived);
  }

  /** Removes a connection from a room; {@code core.realtime.not_subscribed} if it is not in it. */
  Left unsubscribe(String connectionId, String roomId) {
    Room room = rooms.get(roomId);
    Room.Member member = room == null ? null : room.members.get(connectionId);
    if (member == null) {
      throw KuzzleError.of("core.realtime.not_subscribed", connectionId, roomId);
    }
    return leave(room, member);
  }

  /** Removes a closed connection from every room it is in; it cannot subscribe again. */
  List<Left> disconnect(String connectionId) {
    closed.put(connectionId, Boolean.TRUE);
    return drop(connectionId);
  }

  /** Removes a connection that stays open (its token expired) from every room it is in. */
  List<Left> drop(String connectionId) {
    Map<String, Room> joined = byConnection.get(connectionId);
    if (joined == null) {
      return Collections.emptyList();
    }
    List<Left> left = new ArrayList<>(joined.size());
    for (Room room : new ArrayList<>(joined.values())) {
      left.add(leave(room, room.members.get(connectionId)));
    }
    return left;
  }

  private Left leave(Room room, Room.Member member) {
    room.members.remove(member.connectionId);
    member.channels.forEach(channel -> channel.remove(member.gateway, member.connectionId));
    Map<String, Room> joined = byConnection.get(member.connectionId);
    joined.remove(room.id);
    if (joined.isEmpty()) {
      byConnection.remove(member.connectionId);
    }
    members--;
    if (room.members.isEmpty()) {
      removeRoom(room);
    }
    return new Left(room, member, room.members.size());
  }

  private void removeRoom(Room room) {
    rooms.remove(room.id);
    engine.remove(room.filter);
    roomsByCollection.computeIfPresent(collectionKey(room.index, room.collection), (k, n) -> n == 1 ? null : n - 1);
  }

  private static String collectionKey(String index, String collection) {
    return index + "/" + collection;
  }

  /** Whether any room listens to a collection. */
  boolean hasRooms(String index, String collection) {
    return roomsByCollection.containsKey(collectionKey(index, collection));
  }

  /** The number of connections in a room; 0 for an unknown room. */
  int count(String roomId) {
    Room room = rooms.get(roomId);
    return room == null ? 0 : room.members.size();
  }

  /** {@code {<index>: {<collection>: {<roomId>: <count>}}}}, sorted by index and collection. */
  JsonObject list() {
    Map<String, Map<String, Map<String, Object>>> tree = new TreeMap<>();
    for (Room room : rooms.values()) {
      tree.computeIfAbsent(room.index, i -> new TreeMap<>()).computeIfAbsent(room.collection, c -> new TreeMap<>())
        .put(room.id, room.members.size());
    }
    JsonObject list = new JsonObject();
    tree.forEach((index, collections) -> {
      JsonObject byCollection = new JsonObject();
      collections.forEach((collection, counts) -> byCollection.put(collection, new JsonObject(counts)));
      list.put(index, byCollection);
    });
    return list;
  }

  /** The rooms of an index and collection whose filter matches the document. */
  List<Room> matching(String index, String collection, Map<String, Object> document) {
    List<FilterId> ids = engine.test(index, collection, document);
    List<Room> matched = new ArrayList<>(ids.size());
    for (FilterId id : ids) {
      Room room = rooms.get(id.value());
      if (room != null) {
        matched.add(room);
      }
    }
    return matched;
  }

  /** The connections held by the gateway instances of a node ({@link Addresses#gatewayNode}). */
  List<String> connectionsOn(String nodeId) {
    List<String> held = new ArrayList<>();
    byConnection.forEach((connectionId, joined) -> {
      Room room = joined.values().iterator().next();
      if (nodeId.equals(Addresses.gatewayNode(room.members.get(connectionId).gateway))) {
        held.add(connectionId);
      }
    });
    return held;
  }

  /** Every room with its filter and members, as {@link Replicas} hands them to a realtime node that starts. */
  JsonArray snapshot() {
    JsonArray snapshot = new JsonArray();
    for (Room room : rooms.values()) {
      JsonArray members = new JsonArray();
      room.members.values().forEach(member -> {
        JsonArray channels = new JsonArray();
        member.channels.forEach(channel -> channels.add(channel.options.toJson()));
        members.add(new JsonObject().put("connectionId", member.connectionId).put("gateway", member.gateway)
          .put("protocol", member.protocol).put("volatile", member.volatileData).put("channels", channels));
      });
      snapshot.add(new JsonObject().put("index", room.index).put("collection", room.collection)
        .put("filter", new JsonObject(room.source)).put("members", members));
    }
    return snapshot;
  }

  int roomCount() {
    return rooms.size();
  }

  long memberCount() {
    return members;
  }
}
