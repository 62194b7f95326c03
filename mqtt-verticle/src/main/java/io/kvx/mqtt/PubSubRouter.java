package io.kvx.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.shareddata.Shareable;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plain pub/sub between the MQTT gateway instances of one node: which instances have subscribers of each topic, so
 * that a message goes only where it is wanted. An instance delivers to its own subscribers on its own event loop,
 * at once; a message for another instance joins that instance's inbox, which its event loop drains in batches, one
 * task for many messages under load. Messages from one publisher reach each instance in the order published.
 *
 * <p>One router per Vert.x instance, kept in its local shared data; each gateway instance {@link #join joins} it.
 * Payloads are shared between instances, not copied: they must not be modified once published.
 */
final class PubSubRouter implements Shareable {

  /** Delivers a message to the subscribers of one gateway instance, on that instance's event loop. */
  interface Subscribers {
    void deliver(String topic, Buffer payload, MqttQoS qos);
  }

  private static final String KEY = "__kvx.mqtt.pubsub";
  /** Messages an inbox delivers before it lets the event loop run other tasks. */
  private static final int BATCH = 512;

  private final ConcurrentHashMap<String, Member[]> topics = new ConcurrentHashMap<>();

  /** The router of the node running on {@code vertx}. */
  static PubSubRouter of(Vertx vertx) {
    return vertx.sharedData().<String, PubSubRouter>getLocalMap(KEY).computeIfAbsent(KEY, key -> new PubSubRouter());
  }

  /** Registers a gateway instance running on {@code context}. */
  Member join(Context context, Subscribers subscribers) {
    return new Member(context, subscribers);
  }

  /** Gateway instances with subscribers of {@code topic}. */
  int members(String topic) {
    Member[] members = topics.get(topic);
    return members == null ? 0 : members.length;
  }

  /** A message waiting in an inbox. */
  private record Pending(String topic, Buffer payload, MqttQoS qos) {
  }

  /** One gateway instance: its topics, and the inbox of messages that other instances route to it. */
  final class Member {
    private final Context context;
    private final Subscribers subscribers;
    private final Queue<Pending> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    private Member(Context context, Subscribers subscribers) {
      this.context = context;
      this.subscribers = subscribers;
    }

    /** This instance got its first subscriber of {@code topic}. */
    void subscribed(String topic) {
      topics.compute(topic, (key, members) -> {
        if (members == null) {
          return new Member[] {this};
        }
        Member[] more = Arrays.copyOf(members, members.length + 1);
        more[members.length] = this;
        return more;
      });
    }

    /** This instance lost its last subscriber of {@code topic}. */
    void unsubscribed(String topic) {
      topics.computeIfPresent(topic, (key, members) -> {
        Member[] fewer = Arrays.stream(members).filter(member -> member != this).toArray(Member[]::new);
        return fewer.length == 0 ? null : fewer;
      });
    }

    /** Routes a message published by a client of this instance; called on this instance's event loop. */
    void publish(String topic, Buffer payload, MqttQoS qos) {
      Member[] members = topics.get(topic);
      if (members == null) {
        return;
      }
      for (Member member : members) {
        if (member == this) {
          subscribers.deliver(topic, payload, qos);
        } else {
          member.post(new Pending(topic, payload, qos));
        }
      }
    }

    private void post(Pending message) {
      inbox.add(message);
      if (draining.compareAndSet(false, true)) {
        context.runOnContext(v -> drain());
      }
    }

    /** Delivers a batch; a message posted meanwhile schedules another drain, or is taken by this one. */
    private void drain() {
      draining.set(false);
      for (int i = 0; i < BATCH; i++) {
        Pending message = inbox.poll();
        if (message == null) {
          return;
        }
        subscribers.deliver(message.topic(), message.payload(), message.qos());
      }
      if (!inbox.isEmpty() && draining.compareAndSet(false, true)) {
        context.runOnContext(v -> drain());
      }
    }
  }
}
