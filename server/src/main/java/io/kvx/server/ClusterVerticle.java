package io.kvx.server;

import io.kvx.core.bus.Addresses;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.bus.Codecs;
import io.kvx.core.controller.ApiController;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * Serves Kuzzle's {@code cluster} controller on every node, whatever its roles, to the requests of that node only:
 * each node answers {@code cluster:status} from its own view of the membership, which every member shares, so the
 * answer needs no other node (and comes even while a dead member is being detected).
 */
final class ClusterVerticle extends VerticleBase {

  private final Membership membership;
  private MessageConsumer<ApiCall> consumer;

  ClusterVerticle(Membership membership) {
    this.membership = membership;
  }

  @Override
  public Future<?> start() {
    ApiController controller = ApiController.named("cluster")
      .action("status", call -> Future.succeededFuture(membership.status()))
      .build();
    Codecs.register(vertx);
    consumer = vertx.eventBus().localConsumer(Addresses.controller("cluster"), message -> controller
      .call(message.body()).onSuccess(message::reply));
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
