package io.kvx.realtime;

import io.kvx.core.bus.Addresses;
import io.kvx.core.config.CoreOptions;
import io.kvx.core.config.LimitsOptions;
import io.kvx.core.controller.ApiController;
import io.kvx.realtime.filter.FilterEngine;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Serves the {@code realtime} controller and sends the node's notifications. Deploy exactly one instance per node:
 * the rooms, the filter engine and the subscriptions live on its event loop, which also consumes the document change
 * events ({@link Addresses#DOCUMENT_CHANGES}), the closed connections ({@link Addresses#CONNECTION_CLOSED}) and the
 * connections whose token expired ({@link Addresses#SUBSCRIPTIONS_DROP}). The verticle's configuration is the node's
 * configuration tree ({@code limits.subscriptionConditionsCount}, {@code limits.subscriptionRooms}).
 */
// Limitation: rooms are node-local. In a cluster, subscriptions made on one node are not seen by realtime:count,
// list or join on another, and writes made through another node's document verticle reach them only because change
// events are published cluster-wide; sharing room membership through the cluster manager would close the gap.
public final class RealtimeVerticle extends VerticleBase {

  private final String node;
  private Subscriptions subscriptions;
  private ApiController controller;
  private List<MessageConsumer<JsonObject>> consumers;

  /** @param node the node id carried by notifications */
  public RealtimeVerticle(String node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    LimitsOptions limits = new CoreOptions(config()).limits();
    subscriptions = new Subscriptions(new FilterEngine(limits.subscriptionConditionsCount()),
      limits.subscriptionRooms());
    RealtimeController realtime = new RealtimeController(subscriptions, new Notifier(vertx.eventBus(), node));
    controller = realtime.controller();
    consumers = List.of(
      vertx.eventBus().consumer(Addresses.DOCUMENT_CHANGES, message -> realtime.onChange(message.body())),
      vertx.eventBus().consumer(Addresses.CONNECTION_CLOSED,
        message -> realtime.onDisconnect(message.body().getString("connectionId"))),
      vertx.eventBus().consumer(Addresses.SUBSCRIPTIONS_DROP,
        message -> realtime.onDrop(message.body().getString("connectionId"))),
      vertx.eventBus().localConsumer(Addresses.REALTIME_METRICS, message -> message.reply(new JsonObject()
        .put("rooms", subscriptions.roomCount()).put("subscriptions", subscriptions.memberCount()))));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
      .compose(registered -> controller.serve(vertx));
  }

  @Override
  public Future<?> stop() {
    return Future.join(controller.stop(), Future.join(consumers.stream().map(MessageConsumer::unregister).toList()));
  }
}
