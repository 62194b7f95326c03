package io.kvx.core.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  @Test
  void load_whenYamlFileAndEnvironment_environmentWins() throws Exception {
    Path file = dir.resolve("kvx.yaml");
    Files.writeString(file, "limits:\n  concurrentRequests: 10\nserver:\n  port: 8000\n");
    JsonObject config = ConfigLoader.load(file, Map.of("KVX_limits__concurrentRequests", "20",
      "kuzzle_server__maxRequestSize", "\"2MB\"", "KVX_http__accessControlAllowOrigin", "http://a.example",
      "KVX_CONFIG", "ignored", "PATH", "/bin"));
    assertThat(config.getJsonObject("limits").getInteger("concurrentRequests")).isEqualTo(20);
    assertThat(config.getJsonObject("server").getInteger("port")).isEqualTo(8000);
    assertThat(config.getJsonObject("server").getString("maxRequestSize")).isEqualTo("2MB");
    assertThat(config.getJsonObject("http").getString("accessControlAllowOrigin")).isEqualTo("http://a.example");
    assertThat(config.containsKey("CONFIG")).isFalse();
    assertThat(config.containsKey("PATH")).isFalse();
  }

  @Test
  void coreOptions_whenEmpty_hasKuzzleDefaults() {
    CoreOptions options = new CoreOptions();
    assertThat(options.limits().concurrentRequests()).isEqualTo(100);
    assertThat(options.limits().requestsBufferSize()).isEqualTo(50_000);
    assertThat(options.limits().documentsWriteCount()).isEqualTo(200);
    assertThat(options.limits().subscriptionDocumentTtl()).isEqualTo(259_200_000L);
    assertThat(options.isOriginAllowed("http://anything")).isTrue();
    assertThat(options.strictSdkVersion()).isTrue();
  }

  @Test
  void units_readKuzzleSizesAndDurations() {
    assertThat(Units.bytes("1MB")).isEqualTo(1024 * 1024);
    assertThat(Units.bytes("512kb")).isEqualTo(512 * 1024);
    assertThat(Units.bytes(42)).isEqualTo(42);
    assertThat(Units.millis("15s")).isEqualTo(15_000);
    assertThat(Units.millis("1h")).isEqualTo(3_600_000);
    assertThat(Units.millis("-1")).isEqualTo(-1);
    assertThat(Units.millis(250)).isEqualTo(250);
  }

  @Test
  void merge_whenNested_mergesDeeplyWithoutChangingInputs() {
    JsonObject defaults = new JsonObject().put("a", new JsonObject().put("x", 1).put("y", 2));
    JsonObject overrides = new JsonObject().put("a", new JsonObject().put("y", 3)).put("b", true);
    JsonObject merged = ConfigLoader.merge(defaults, overrides);
    assertThat(merged).isEqualTo(new JsonObject().put("a", new JsonObject().put("x", 1).put("y", 3)).put("b", true));
    assertThat(defaults.getJsonObject("a").getInteger("y")).isEqualTo(2);
  }
}
