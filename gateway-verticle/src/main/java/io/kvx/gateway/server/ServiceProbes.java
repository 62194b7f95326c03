package io.kvx.gateway.server;

import io.kvx.core.bus.Addresses;
import io.kvx.core.error.KuzzleError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The questions the server controller asks other verticles on the event bus ({@link Addresses}), and how it
 * reads their silence. Every question times out after {@link #TIMEOUT_MILLIS}.
 */
final class ServiceProbes {

  /** How long a probe waits for its answer. */
  static final long TIMEOUT_MILLIS = 2_000L;

  private static final Logger LOG = LoggerFactory.getLogger(ServiceProbes.class);

  private final Vertx vertx;

  ServiceProbes(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Whether the storage engine answered; never fails. */
  Future<Boolean> storageHealthy() {
    return ask(Addresses.STORAGE_HEALTH, false)
      .map(reply -> true)
      .otherwise(failure -> {
        LOG.debug("Storage engine health probe failed: {}", failure.getMessage());
        return false;
      });
  }

  /** Whether an admin exists; {@code false} when no security verticle answers, a Kuzzle error on other failures. */
  Future<Boolean> adminExists() {
    return ask(Addresses.ADMIN_EXISTS, false)
      .map(reply -> json(reply).getBoolean("exists", false))
      .recover(failure -> failureType(failure) == ReplyFailure.NO_HANDLERS ? Future.succeededFuture(false)
        : Future.failedFuture(toKuzzleError(failure, "adminExists")));
  }

  /** This node's {@code {rooms, subscriptions}}; zeros when no realtime verticle runs here; never fails. */
  Future<JsonObject> realtimeMetrics() {
    return ask(Addresses.REALTIME_METRICS, true)
      .map(reply -> {
        JsonObject body = json(reply);
        return realtime(body.getLong("rooms", 0L), body.getLong("subscriptions", 0L));
      })
      .otherwise(failure -> {
        if (failureType(failure) != ReplyFailure.NO_HANDLERS) {
          LOG.warn("Realtime metrics probe failed, reporting zeros: {}", failure.getMessage());
        }
        return realtime(0L, 0L);
      });
  }

  private Future<Message<Object>> ask(String address, boolean localOnly) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(TIMEOUT_MILLIS).setLocalOnly(localOnly);
    return vertx.eventBus().request(address, new JsonObject(), options);
  }

  private static JsonObject json(Message<Object> reply) {
    if (reply.body() instanceof JsonObject body) {
      return body;
    }
    throw new IllegalStateException(reply.address() + " replied with a non-object: " + reply.body());
  }

  private static JsonObject realtime(long rooms, long subscriptions) {
    return new JsonObject().put("rooms", rooms).put("subscriptions", subscriptions);
  }

  private static ReplyFailure failureType(Throwable failure) {
    return failure instanceof ReplyException reply ? reply.failureType() : null;
  }

  /** The Kuzzle error a failed probe stands for, read the way the pipeline reads a failed controller call. */
  private static KuzzleError toKuzzleError(Throwable failure, String action) {
    if (failureType(failure) == ReplyFailure.TIMEOUT) {
      return KuzzleError.of("api.process.timeout", "server", action, TIMEOUT_MILLIS);
    }
    return KuzzleError.fromFailure(failure);
  }
}
