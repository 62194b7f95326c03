package io.kvx.mqtt;

import java.util.Set;

/**
 * Which topics a client may publish on and subscribe to, after Kuzzle's {@code mqttProtocol.js}:
 * <ul>
 *   <li>a publish on the request topic is a Kuzzle request;</li>
 *   <li>with {@code allowPubSub}, a publish on any other topic goes to that topic's subscribers, except on the
 *   response topic, the server notification topic and wildcard topics;</li>
 *   <li>nobody subscribes to the request topic, and wildcard filters ({@code #}, {@code +}) are refused;</li>
 *   <li>without {@code allowPubSub}, a client subscribes only to the response topic, the server notification
 *   topic and the channels it was given by {@code realtime:subscribe} or {@code realtime:join}.</li>
 * </ul>
 * Kuzzle itself lets a client subscribe to any other topic when {@code allowPubSub} is off; nothing can be
 * published there, so refusing is only stricter, never visible to a Kuzzle client.
 */
final class TopicPolicy {

  /** Where Kuzzle pushes {@code TokenExpired} to MQTT clients. */
  static final String SERVER_NOTIFICATIONS = "kuzzle:notification:server";

  /** What a client publish amounts to. */
  enum Publish {
    /** A Kuzzle request. */
    REQUEST,
    /** A message for the topic's subscribers. */
    PUB_SUB,
    /** Refused: dropped, and acknowledged with "not authorized" where MQTT 5 allows it. */
    REFUSED
  }

  /** Whether a subscription is granted, and why not. */
  enum Subscribe {
    GRANTED,
    WILDCARD,
    NOT_AUTHORIZED
  }

  private final String requestTopic;
  private final String responseTopic;
  private final boolean allowPubSub;

  TopicPolicy(MqttOptions options) {
    this.requestTopic = options.requestTopic();
    this.responseTopic = options.responseTopic();
    this.allowPubSub = options.allowPubSub();
  }

  Publish publish(String topic) {
    if (requestTopic.equals(topic)) {
      return Publish.REQUEST;
    }
    if (!allowPubSub || topic.isEmpty() || isWildcard(topic) || responseTopic.equals(topic)
        || SERVER_NOTIFICATIONS.equals(topic)) {
      return Publish.REFUSED;
    }
    return Publish.PUB_SUB;
  }

  /**
   * @param channels the notification channels returned to this connection, which it may subscribe to
   */
  Subscribe subscribe(String topic, Set<String> channels) {
    if (isWildcard(topic)) {
      return Subscribe.WILDCARD;
    }
    if (topic.isEmpty() || requestTopic.equals(topic)) {
      return Subscribe.NOT_AUTHORIZED;
    }
    if (allowPubSub || responseTopic.equals(topic) || SERVER_NOTIFICATIONS.equals(topic)
        || channels.contains(topic)) {
      return Subscribe.GRANTED;
    }
    return Subscribe.NOT_AUTHORIZED;
  }

  static boolean isWildcard(String topic) {
    return topic.indexOf('#') >= 0 || topic.indexOf('+') >= 0;
  }
}
