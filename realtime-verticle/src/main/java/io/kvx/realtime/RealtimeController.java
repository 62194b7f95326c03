package io.kvx.realtime;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.api.RequestContext;
import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.controller.ApiController;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code realtime} controller and the notifications of one node: subscriptions to rooms, user notifications when
 * subscribers come and go, document notifications from the change events of the document verticle, and publish
 * notifications. Runs on one thread, the realtime verticle's event loop.
 */
final class RealtimeController {

  private final Subscriptions subscriptions;
  private final Notifier notifier;
  private final Replicas replicas;
  private final EventBus bus;

  RealtimeController(Subscriptions subscriptions, Notifier notifier, Replicas replicas, EventBus bus) {
    this.subscriptions = subscriptions;
    this.notifier = notifier;
    this.replicas = replicas;
    this.bus = bus;
  }

  ApiController controller() {
    return ApiController.named("realtime")
      .action("subscribe", this::subscribe)
      .action("join", this::join)
      .action("unsubscribe", this::unsubscribe)
      .action("count", this::count)
      .action("list", this::list)
      .action("publish", this::publish)
      .action("validate", this::validate)
      .build();
  }

  private Future<JsonObject> subscribe(ApiCall call) {
    KuzzleRequest request = call.request();
    Subscriptions.Subscriber who = subscriber(call);
    String index = request.getIndex();
    String collection = request.getCollection();
    Map<String, Object> filter = request.getBody(new JsonObject()).getMap();
    ChannelOptions options = options(request);
    return joined(subscriptions.subscribe(who, index, collection, filter, options), who, options, call);
  }

  private Future<JsonObject> join(ApiCall call) {
    KuzzleRequest request = call.request();
    Subscriptions.Subscriber who = subscriber(call);
    String roomId = request.getBodyString("roomId");
    ChannelOptions options = options(request);
    return joined(subscriptions.join(roomId, who, options), who, options, call);
  }

  /** Notifies the room of an arrival, and answers once the other realtime nodes have the subscription too. */
  private Future<JsonObject> joined(Subscriptions.Joined joined, Subscriptions.Subscriber who, ChannelOptions options,
      ApiCall call) {
    if (joined.arrived()) {
      notifier.user(joined.room(), Notifications.user(call.request().action(), true, joined.room().members.size(),
        joined.room(), call.protocol().wireName(), call.request().volatileData(), notifier.node()));
    }
    JsonObject result = new JsonObject().put("roomId", joined.room().id).put("channel", joined.channel().name);
    return replicas.replicate(Replicas.joined(who, joined.room(), options)).map(result);
  }

  private Future<JsonObject> unsubscribe(ApiCall call) {
    String roomId = call.request().getBodyString("roomId");
    String connectionId = call.context().connectionId();
    notifyLeft(subscriptions.unsubscribe(connectionId, roomId));
    return replicas.replicate(Replicas.left(connectionId, roomId)).map(new JsonObject().put("roomId", roomId));
  }

  private Future<JsonObject> count(ApiCall call) {
    return Future.succeededFuture(new JsonObject().put("count",
      subscriptions.count(call.request().getBodyString("roomId"))));
  }

  /**
   * The rooms by index and collection, keeping only the collections the user may subscribe to, as Kuzzle does (the
   * security verticles answer which; without any, every collection is kept).
   */
  private Future<JsonObject> list(ApiCall call) {
    JsonObject all = subscriptions.list();
    JsonArray requests = new JsonArray();
    all.forEach(index -> ((JsonObject) index.getValue()).fieldNames().forEach(collection -> requests.add(
      new JsonObject().put("controller", "realtime").put("action", "subscribe").put("index", index.getKey())
        .put("collection", collection))));
    if (requests.isEmpty()) {
      return Future.succeededFuture(all);
    }
    JsonObject question = new JsonObject().put("user", call.context().user().toJson()).put("requests", requests);
    return bus.<JsonObject>request(Addresses.RIGHTS_CHECK, question).transform(done -> {
      if (done.failed()) {
        return done.cause() instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
          ? Future.succeededFuture(all) : Future.failedFuture(KuzzleError.fromFailure(done.cause()));
      }
      JsonArray allowed = done.result().body().getJsonArray("allowed");
      JsonObject kept = new JsonObject();
      for (int i = 0; i < requests.size(); i++) {
        if (Boolean.TRUE.equals(allowed.getValue(i))) {
          JsonObject request = requests.getJsonObject(i);
          String index = request.getString("index");
          String collection = request.getString("collection");
          JsonObject collections = kept.getJsonObject(index, new JsonObject());
          kept.put(index, collections.put(collection, all.getJsonObject(index).getJsonObject(collection)));
        }
      }
      return Future.succeededFuture(kept);
    });
  }

  /** Kuzzle's deprecated {@code realtime:validate}: {@code document:validate}, answered by a document verticle. */
  private Future<KuzzleResponse> validate(ApiCall call) {
    ApiCall asDocument = new ApiCall(call.request().with("controller", "document"), call.context());
    return bus.<KuzzleResponse>request(Addresses.controller("document"), asDocument)
      .transform(done -> done.succeeded() ? Future.succeededFuture(done.result().body())
        : Future.failedFuture(KuzzleError.fromFailure(done.cause())));
  }

  /** Checks the message against the collection's specifications (defaults filled in), then notifies the rooms. */
  private Future<JsonObject> publish(ApiCall call) {
    KuzzleRequest request = call.request();
    JsonObject check = new JsonObject().put("index", request.getIndex()).put("collection", request.getCollection())
      .put("body", request.getBody());
    return bus.<JsonObject>request(Addresses.SPECIFICATIONS_CHECK, check).transform(checked -> {
      if (checked.succeeded()) {
        return Future.succeededFuture(publish(call, checked.result().body()));
      }
      if (checked.cause() instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return Future.succeededFuture(publish(call, request.getBody()));
      }
      return Future.failedFuture(KuzzleError.fromFailure(checked.cause()));
    });
  }

  private JsonObject publish(ApiCall call, JsonObject message) {
    KuzzleRequest request = call.request();
    String index = request.getIndex();
    String collection = request.getCollection();
    String id = request.getString("_id", null);
    JsonObject source = message.copy().put("_kuzzle_info", new JsonObject()
      .put("author", call.context().user().kuid()).put("createdAt", System.currentTimeMillis()));
    List<Room> rooms = subscriptions.matching(index, collection, id == null ? source.getMap() : withId(source, id));
    if (!rooms.isEmpty()) {
      JsonObject result = new JsonObject();
      if (id != null) {
        result.put("_id", id);
      }
      result.put("_source", source);
      notifier.document(rooms, Notifications.document("publish", true, result, index, collection,
        cause(request, call.protocol().wireName()), notifier.node()));
    }
    return new JsonObject().put("published", true);
  }

  /**
   * Notifies a document change event (see {@link io.kvx.core.bus.Addresses#DOCUMENT_CHANGES}): {@code in} to the
   * rooms the document matches after the change, {@code out} to the rooms it matched before and no longer does.
   */
  void onChange(JsonObject change) {
    String index = change.getString("index");
    String collection = change.getString("collection");
    String id = change.getString("_id");
    if (!subscriptions.hasRooms(index, collection) || !replicas.owns(index + "/" + collection + "/" + id)) {
      return;
    }
    String kind = change.getString("change");
    JsonObject before = change.getJsonObject("before");
    JsonObject after = change.getJsonObject("after");
    List<Room> now = after == null ? List.of() : subscriptions.matching(index, collection, withId(after, id));
    List<Room> was = before == null || "create".equals(kind) ? List.of()
      : subscriptions.matching(index, collection, withId(before, id));
    if (now.isEmpty() && was.isEmpty()) {
      return;
    }
    JsonObject result = new JsonObject().put("_id", id);
    switch (kind) {
      case "delete" -> result.put("_source", before);
      case "replace" -> result.put("_source", withoutMetadata(after)).put("_version", change.getLong("_version"));
      case "update" -> result.put("_source", after).put("_updatedFields", Notifications.updatedFields(before, after))
        .put("_version", change.getLong("_version"));
      default -> result.put("_source", after).put("_version", change.getLong("_version"));
    }
    Notifications.Cause cause = new Notifications.Cause(change.getString("requestId"), change.getLong("timestamp"),
      change.getJsonObject("volatile"), change.getString("controller"), change.getString("protocol"));
    if (!now.isEmpty()) {
      notifier.document(now, Notifications.document(kind, true, result, index, collection, cause, notifier.node()));
    }
    List<Room> left = leftRooms(was, now);
    if (!left.isEmpty()) {
      notifier.document(left, Notifications.document(kind, false, result, index, collection, cause,
        notifier.node()));
    }
  }

  /**
   * Removes a closed connection from its rooms, notifying the subscribers left behind. Every realtime node removes
   * it; the owner of the connection notifies.
   */
  void onDisconnect(String connectionId) {
    List<Subscriptions.Left> left = subscriptions.disconnect(connectionId);
    if (replicas.owns(connectionId)) {
      left.forEach(this::notifyLeft);
    }
  }

  /** Removes an open connection from its rooms (its token expired), notifying the subscribers left behind. */
  void onDrop(String connectionId) {
    List<Subscriptions.Left> left = subscriptions.drop(connectionId);
    if (replicas.owns(connectionId)) {
      left.forEach(this::notifyLeft);
    }
  }

  /** A node left the cluster: its connections are gone, and if it was a realtime node, it owns no event any more. */
  void onNodeLeft(String nodeId) {
    replicas.left(nodeId);
    subscriptions.connectionsOn(nodeId).forEach(this::onDisconnect);
  }

  private void notifyLeft(Subscriptions.Left left) {
    if (left.remaining() > 0) {
      notifier.user(left.room(), Notifications.user("unsubscribe", false, left.remaining(), left.room(),
        left.member().protocol, left.member().volatileData, notifier.node()));
    }
  }

  private static List<Room> leftRooms(List<Room> was, List<Room> now) {
    if (was.isEmpty()) {
      return was;
    }
    Set<Room> still = new HashSet<>(now);
    List<Room> left = new ArrayList<>();
    for (Room room : was) {
      if (!still.contains(room)) {
        left.add(room);
      }
    }
    return left;
  }

  private static Map<String, Object> withId(JsonObject source, String id) {
    Map<String, Object> document = new HashMap<>(source.getMap());
    document.put("_id", id);
    return document;
  }

  private static JsonObject withoutMetadata(JsonObject source) {
    JsonObject copy = new JsonObject(new LinkedHashMap<>(source.getMap()));
    copy.remove("_kuzzle_info");
    return copy;
  }

  private static Notifications.Cause cause(KuzzleRequest request, String protocol) {
    return new Notifications.Cause(request.requestId(), request.timestamp(), request.volatileData(),
      request.controller(), protocol);
  }

  /**
   * The connection subscribing. Connections that cannot receive notifications (HTTP, callers on the event bus) cannot
   * subscribe.
   */
  private static Subscriptions.Subscriber subscriber(ApiCall call) {
    RequestContext context = call.context();
    if (context.gateway() == null) {
      throw KuzzleError.of("api.assert.unsupported_protocol", context.protocol().wireName(),
        "realtime:" + call.request().action());
    }
    return new Subscriptions.Subscriber(context.connectionId(), context.gateway(), context.protocol().wireName(),
      call.request().volatileData());
  }

  private static ChannelOptions options(KuzzleRequest request) {
    return ChannelOptions.of(request.getString("scope", null), request.getString("users", null));
  }
}
