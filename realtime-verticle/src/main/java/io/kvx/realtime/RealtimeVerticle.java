package io.kvx.realtime;

import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.Codecs;
import io.kvx.core.cluster.ClusterView;
import io.kvx.core.config.CoreOptions;
import io.kvx.core.config.LimitsOptions;
import io.kvx.core.controller.ApiController;
import io.kvx.realtime.filter.FilterEngine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * Serves the {@code realtime} controller and sends the node's notifications. Deploy exactly one instance per node:
 * the rooms, the filter engine and the subscriptions live on its event loop, which also consumes the document change
 * events ({@link Addresses#DOCUMENT_CHANGES}), the closed connections ({@link Addresses#CONNECTION_CLOSED}) and the
 * connections whose token expired ({@link Addresses#SUBSCRIPTIONS_DROP}). The verticle's configuration is the node's
 * configuration tree ({@code limits.subscriptionConditionsCount}, {@code limits.subscriptionRooms}). In a cluster,
 * every realtime node holds every room ({@link Replicas}).
 */
public final class RealtimeVerticle extends VerticleBase {

  private final String node;
  private final ClusterView cluster;
  private Subscriptions subscriptions;
  private Replicas replicas;
  private ApiController controller;
  private List<MessageConsumer<JsonObject>> consumers;
  private volatile boolean stopped;

  /** A standalone node's realtime verticle; {@code node} is the node id carried by notifications. */
  public RealtimeVerticle(String node) {
    this(node, ClusterView.standalone(node, Set.of(Replicas.ROLE)));
  }

  /**
   * The realtime verticle of a node of {@code cluster}: it shares its rooms with the realtime verticles of the other
   * nodes ({@link Replicas}).
   */
  public RealtimeVerticle(String node, ClusterView cluster) {
    this.node = node;
    this.cluster = cluster;
  }

  @Override
  public Future<?> start() {
    // Change events arrive with the shared codec, which must be known before the first one does.
    Codecs.register(vertx);
    LimitsOptions limits = new CoreOptions(config()).limits();
    subscriptions = new Subscriptions(new FilterEngine(limits.subscriptionConditionsCount()),
      limits.subscriptionRooms());
    replicas = new Replicas(vertx, cluster, node, subscriptions);
    RealtimeController realtime = new RealtimeController(subscriptions, new Notifier(vertx.eventBus(), node), replicas,
      vertx.eventBus());
    controller = realtime.controller();
    Context context = vertx.getOrCreateContext();
    cluster.onLeft(left -> {
      if (!stopped) {
        context.runOnContext(v -> realtime.onNodeLeft(left));
      }
    });
    consumers = List.of(
      vertx.eventBus().consumer(Addresses.DOCUMENT_CHANGES, message -> realtime.onChange(message.body())),
      vertx.eventBus().consumer(Addresses.CONNECTION_CLOSED,
        message -> realtime.onDisconnect(message.body().getString("connectionId"))),
      vertx.eventBus().consumer(Addresses.SUBSCRIPTIONS_DROP,
        message -> realtime.onDrop(message.body().getString("connectionId"))),
      vertx.eventBus().localConsumer(Addresses.REALTIME_METRICS, message -> message.reply(new JsonObject()
        .put("rooms", subscriptions.roomCount()).put("subscriptions", subscriptions.memberCount()))));
    return replicas.start()
      .compose(copied -> Future.all(consumers.stream().map(MessageConsumer::completion).toList()))
      .compose(registered -> controller.serve(vertx))
      .onSuccess(serving -> replicas.ready());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    return Future.join(controller.stop(), Future.join(consumers.stream().map(MessageConsumer::unregister).toList()),
      replicas.stop());
  }
}
