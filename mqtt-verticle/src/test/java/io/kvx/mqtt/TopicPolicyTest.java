package io.kvx.mqtt;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.kvx.mqtt.TopicPolicy.Publish;
import static io.kvx.mqtt.TopicPolicy.Subscribe;
import static org.assertj.core.api.Assertions.assertThat;

class TopicPolicyTest {

  private static final TopicPolicy STRICT = policy(false);
  private static final TopicPolicy PUB_SUB = policy(true);

  @Test
  void publish_whenRequestTopic_expectRequestWhateverPubSub() {
    assertThat(STRICT.publish("Kuzzle/request")).isEqualTo(Publish.REQUEST);
    assertThat(PUB_SUB.publish("Kuzzle/request")).isEqualTo(Publish.REQUEST);
  }

  @Test
  void publish_whenOtherTopicWithoutPubSub_expectRefused() {
    assertThat(STRICT.publish("chat")).isEqualTo(Publish.REFUSED);
  }

  @Test
  void publish_whenOtherTopicWithPubSub_expectPubSubExceptReservedAndWildcards() {
    assertThat(PUB_SUB.publish("chat/room")).isEqualTo(Publish.PUB_SUB);
    assertThat(PUB_SUB.publish("Kuzzle/response")).isEqualTo(Publish.REFUSED);
    assertThat(PUB_SUB.publish(TopicPolicy.SERVER_NOTIFICATIONS)).isEqualTo(Publish.REFUSED);
    assertThat(PUB_SUB.publish("chat/#")).isEqualTo(Publish.REFUSED);
    assertThat(PUB_SUB.publish("chat/+/x")).isEqualTo(Publish.REFUSED);
    assertThat(PUB_SUB.publish("")).isEqualTo(Publish.REFUSED);
  }

  @Test
  void subscribe_whenWildcard_expectWildcardRefusalWhateverPubSub() {
    assertThat(STRICT.subscribe("#", Set.of())).isEqualTo(Subscribe.WILDCARD);
    assertThat(PUB_SUB.subscribe("a/+/b", Set.of())).isEqualTo(Subscribe.WILDCARD);
  }

  @Test
  void subscribe_whenRequestTopic_expectNotAuthorizedWhateverPubSub() {
    assertThat(STRICT.subscribe("Kuzzle/request", Set.of())).isEqualTo(Subscribe.NOT_AUTHORIZED);
    assertThat(PUB_SUB.subscribe("Kuzzle/request", Set.of())).isEqualTo(Subscribe.NOT_AUTHORIZED);
  }

  @Test
  void subscribe_whenWithoutPubSub_expectOnlyResponseServerAndOwnChannels() {
    assertThat(STRICT.subscribe("Kuzzle/response", Set.of())).isEqualTo(Subscribe.GRANTED);
    assertThat(STRICT.subscribe(TopicPolicy.SERVER_NOTIFICATIONS, Set.of())).isEqualTo(Subscribe.GRANTED);
    assertThat(STRICT.subscribe("channel-1", Set.of("channel-1"))).isEqualTo(Subscribe.GRANTED);
    assertThat(STRICT.subscribe("channel-2", Set.of("channel-1"))).isEqualTo(Subscribe.NOT_AUTHORIZED);
  }

  @Test
  void subscribe_whenPubSub_expectAnyPlainTopicGranted() {
    assertThat(PUB_SUB.subscribe("chat/room", Set.of())).isEqualTo(Subscribe.GRANTED);
  }

  private static TopicPolicy policy(boolean allowPubSub) {
    return new TopicPolicy(new MqttOptions(new JsonObject().put("server", new JsonObject().put("protocols",
      new JsonObject().put("mqtt", new JsonObject().put("allowPubSub", allowPubSub))))));
  }
}
