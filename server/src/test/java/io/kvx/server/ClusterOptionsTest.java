package io.kvx.server;

import io.kvx.server.ClusterOptions.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterOptionsTest {

  @Test
  void aNodeRunsEveryRoleAloneByDefault() {
    ClusterOptions options = new ClusterOptions(new JsonObject());
    assertThat(options.roles()).isEqualTo(EnumSet.allOf(Role.class));
    assertThat(options.enabled()).isFalse();
    assertThat(options.port()).isEqualTo(ClusterOptions.DEFAULT_PORT);
    assertThat(options.toJson().getJsonArray("roles")).containsExactly("gateway", "mqtt", "document", "realtime",
      "security");
  }

  @Test
  void rolesComeAsAListOrAsCommaSeparatedText() {
    assertThat(new ClusterOptions(new JsonObject().put("roles", "gateway, MQTT")).roles())
      .containsExactlyInAnyOrder(Role.GATEWAY, Role.MQTT);
    assertThat(new ClusterOptions(new JsonObject().put("roles", new JsonArray().add("realtime"))).roles())
      .containsExactly(Role.REALTIME);
  }

  @Test
  void unknownOrMissingRolesAreRefused() {
    assertThatThrownBy(() -> new ClusterOptions(new JsonObject().put("roles", "gateway,storage")))
      .hasMessageContaining("unknown role \"storage\"");
    assertThatThrownBy(() -> new ClusterOptions(new JsonObject().put("roles", " , ")))
      .hasMessageContaining("at least one role");
  }

  @Test
  void membersAndDiscoveryAreRead() {
    ClusterOptions options = new ClusterOptions(new JsonObject().put("cluster", new JsonObject()
      .put("enabled", true).put("members", "10.0.0.1:5701, 10.0.0.2:5701").put("port", 5801)));
    assertThat(options.members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    assertThat(options.port()).isEqualTo(5801);
    assertThatThrownBy(() -> new ClusterOptions(new JsonObject().put("cluster", new JsonObject()
      .put("members", "a:1").put("kubernetes", new JsonObject().put("serviceDns", "kvx.svc")))))
      .hasMessageContaining("exclude each other");
    assertThatThrownBy(() -> new ClusterOptions(new JsonObject().put("cluster", new JsonObject()
      .put("heartbeat", 1000).put("memberTimeout", 1500))))
      .hasMessageContaining("memberTimeout");
    assertThatThrownBy(() -> new ClusterOptions(new JsonObject().put("cluster", new JsonObject().put("port", 70000))))
      .hasMessageContaining("cluster.port");
  }

  @Test
  void commandLineSwitchesOverrideTheConfiguration() {
    JsonObject config = new JsonObject().put("roles", "all");
    Main.applyArguments(new String[] {"--config", "x.json", "--cluster", "--roles", "gateway,mqtt"}, config);
    assertThat(config.getJsonObject("cluster").getBoolean("enabled")).isTrue();
    assertThat(new ClusterOptions(config).roleNames()).isEqualTo(List.of("gateway", "mqtt"));
    Main.applyArguments(new String[] {"--roles=document"}, config);
    assertThat(new ClusterOptions(config).roles()).containsExactly(Role.DOCUMENT);
    assertThatThrownBy(() -> Main.applyArguments(new String[] {"--roles"}, new JsonObject()))
      .hasMessageContaining("--roles needs a list");
  }
}
