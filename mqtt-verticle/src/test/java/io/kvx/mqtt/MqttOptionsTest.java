package io.kvx.mqtt;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MqttOptionsTest {

  @Test
  void constructor_whenNothingConfigured_expectKuzzleDefaultsButEnabled() {
    MqttOptions options = new MqttOptions();

    assertThat(options.enabled()).isTrue();
    assertThat(options.port()).isEqualTo(1883);
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.requestTopic()).isEqualTo("Kuzzle/request");
    assertThat(options.responseTopic()).isEqualTo("Kuzzle/response");
    assertThat(options.allowPubSub()).isFalse();
    assertThat(options.developmentMode()).isFalse();
    assertThat(options.disconnectDelay()).isEqualTo(250);
    assertThat(options.realtimeNotifications()).isTrue();
    assertThat(options.maxMessageSize()).isEqualTo(1024 * 1024);
    assertThat(options.connectTimeout()).isEqualTo(30_000);
    assertThat(options.maxClientIdLength()).isEqualTo(256);
    assertThat(options.maxBackpressure()).isEqualTo(256 * 1024);
    assertThat(options.instances()).isPositive();
  }

  @Test
  void constructor_whenSectionSet_expectValuesRead() {
    JsonObject mqtt = new JsonObject().put("enabled", false).put("port", 0).put("host", "127.0.0.1")
      .put("requestTopic", "req").put("responseTopic", "res").put("allowPubSub", true).put("developmentMode", true)
      .put("disconnectDelay", "1s").put("realtimeNotifications", false).put("maxMessageSize", "2kb")
      .put("connectTimeout", "5s").put("maxClientIdLength", 64).put("maxBackpressure", "64kb").put("instances", 3);

    MqttOptions options = new MqttOptions(tree(mqtt));

    assertThat(options.enabled()).isFalse();
    assertThat(options.port()).isZero();
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.requestTopic()).isEqualTo("req");
    assertThat(options.responseTopic()).isEqualTo("res");
    assertThat(options.allowPubSub()).isTrue();
    assertThat(options.developmentMode()).isTrue();
    assertThat(options.disconnectDelay()).isEqualTo(1000);
    assertThat(options.realtimeNotifications()).isFalse();
    assertThat(options.maxMessageSize()).isEqualTo(2048);
    assertThat(options.connectTimeout()).isEqualTo(5000);
    assertThat(options.maxClientIdLength()).isEqualTo(64);
    assertThat(options.maxBackpressure()).isEqualTo(64 * 1024);
    assertThat(options.instances()).isEqualTo(3);
  }

  @Test
  void constructor_whenKuzzleNestedServerPort_expectItUsedAsPort() {
    MqttOptions options = new MqttOptions(tree(new JsonObject().put("server", new JsonObject().put("port", 1999))));

    assertThat(options.port()).isEqualTo(1999);
  }

  @Test
  void constructor_whenOnlyMaxRequestSizeSet_expectItBoundsMessages() {
    JsonObject config = new JsonObject().put("server", new JsonObject().put("maxRequestSize", "4MB"));

    assertThat(new MqttOptions(config).maxMessageSize()).isEqualTo(4 * 1024 * 1024);
  }

  @Test
  void toJson_whenReadBack_expectSameOptions() {
    JsonObject json = new MqttOptions(tree(new JsonObject().put("allowPubSub", true).put("port", 2000))).toJson();

    MqttOptions again = new MqttOptions(json);

    assertThat(again.toJson()).isEqualTo(json);
    assertThat(json.getJsonObject("server").getJsonObject("protocols").getJsonObject("mqtt").getInteger("port"))
      .isEqualTo(2000);
  }

  private static JsonObject tree(JsonObject mqtt) {
    return new JsonObject().put("server", new JsonObject().put("protocols", new JsonObject().put("mqtt", mqtt)));
  }
}
