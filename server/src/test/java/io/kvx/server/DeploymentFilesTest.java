package io.kvx.server;

import io.kvx.core.config.ConfigLoader;
import io.kvx.gateway.GatewayOptions;
import io.kvx.mqtt.MqttOptions;
import io.kvx.server.ClusterOptions.Role;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files (Dockerfile, docker-compose.yml, k8s/) against the server they deploy: no Docker engine or
 * Kubernetes cluster runs the tests, so this checks that the configuration keys they set are keys the server reads,
 * that their roles parse, and that their ports and probe paths are the ones a real node listens on and answers.
 */
class DeploymentFilesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** Keys without a default value, hence absent from the effective configuration of an empty file. */
  private static final Set<String> KEYS_WITHOUT_DEFAULT = Set.of("cluster.host", "cluster.kubernetes.serviceDns",
    "services.internalCache.node.host", "services.internalCache.node.port", "storage.elasticsearch.nodes");
  private static final Pattern EXPOSE = Pattern.compile("(?m)^EXPOSE (.+)$");

  @Test
  void everyVariableSetsAKeyTheServerReads_andTheConfigurationLoads() throws IOException {
    Map<String, String> compose = composeEnvironment();
    Map<String, String> kubernetes = stringMap(kubernetesDocuments("configmap.yaml").get(0).get("data"));
    for (Map<String, String> env : List.of(compose, kubernetes)) {
      assertThat(env).isNotEmpty();
      JsonObject config = new JsonObject();
      ConfigLoader.applyEnvironment(config, env);
      JsonObject effective = KvxServer.effectiveConfig(config);
      new ClusterOptions(effective);
      JsonObject defaults = KvxServer.effectiveConfig(new JsonObject());
      for (String variable : env.keySet()) {
        assertThat(variable).startsWith("KVX_");
        String key = variable.substring("KVX_".length()).replace("__", ".");
        assertThat(KEYS_WITHOUT_DEFAULT.contains(key) || has(defaults, key))
          .as("%s sets %s, which the server does not read", variable, key).isTrue();
      }
    }
  }

  @Test
  void rolesParse_andTheDeploymentsCoverEveryRole() throws IOException {
    Set<Role> kubernetesRoles = EnumSet.noneOf(Role.class);
    for (Role role : Role.values()) {
      String file = "deployment-" + role.key() + ".yaml";
      Map<String, Object> container = container(kubernetesDocuments(file).get(0));
      List<String> args = strings(container.get("args"));
      assertThat(args).startsWith("--cluster", "--roles");
      kubernetesRoles.addAll(new ClusterOptions(new JsonObject().put("roles", args.get(2))).roles());
    }
    assertThat(kubernetesRoles).isEqualTo(EnumSet.allOf(Role.class));
    Set<Role> composeRoles = EnumSet.noneOf(Role.class);
    for (Object service : map(compose().get("services")).values()) {
      if (map(service).get("command") == null) {
        continue;
      }
      List<String> command = strings(map(service).get("command"));
      int roles = command.indexOf("--roles");
      if (roles >= 0) {
        composeRoles.addAll(new ClusterOptions(new JsonObject().put("roles", command.get(roles + 1))).roles());
      }
    }
    assertThat(composeRoles).isEqualTo(EnumSet.allOf(Role.class));
  }

  @Test
  void portsAreTheServersDefaults() throws IOException {
    Matcher expose = EXPOSE.matcher(Files.readString(ROOT.resolve("Dockerfile")));
    assertThat(expose.find()).isTrue();
    assertThat(expose.group(1).trim().split("\\s+")).containsExactlyInAnyOrder(
      String.valueOf(GatewayOptions.DEFAULT_PORT), String.valueOf(MqttOptions.DEFAULT_PORT),
      String.valueOf(ClusterOptions.DEFAULT_PORT));
    Map<String, Integer> servicePorts = new HashMap<>();
    for (Map<String, Object> service : kubernetesDocuments("services.yaml")) {
      for (Object port : (List<?>) map(service.get("spec")).get("ports")) {
        servicePorts.put(String.valueOf(map(port).get("name")), (Integer) map(port).get("targetPort"));
      }
    }
    assertThat(servicePorts).containsEntry("http", GatewayOptions.DEFAULT_PORT)
      .containsEntry("mqtt", MqttOptions.DEFAULT_PORT).containsEntry("hazelcast", ClusterOptions.DEFAULT_PORT);
    Map<String, Object> gateway = map(map(compose().get("services")).get("gateway-1"));
    assertThat(strings(gateway.get("ports"))).containsExactly("7512:" + GatewayOptions.DEFAULT_PORT);
  }

  @Test
  void probesAreWhatEveryNodeAnswers_withOrWithoutAGateway() throws Exception {
    for (Role role : Role.values()) {
      Map<String, Object> container = container(kubernetesDocuments("deployment-" + role.key() + ".yaml").get(0));
      assertThat(map(map(container.get("readinessProbe")).get("httpGet")))
        .containsEntry("path", "/_ready").containsEntry("port", GatewayOptions.DEFAULT_PORT);
      assertThat(map(map(container.get("livenessProbe")).get("httpGet")))
        .containsEntry("path", "/_healthcheck").containsEntry("port", GatewayOptions.DEFAULT_PORT);
    }
    assertThat(strings(map(compose().get("x-kvx")).get("healthcheck") instanceof Map<?, ?> check
      ? check.get("test") : null)).contains("http://127.0.0.1:" + GatewayOptions.DEFAULT_PORT + "/_ready");

    KvxServer node = KvxServer.start(new JsonObject().put("roles", "realtime")
        .put("server", new JsonObject().put("host", "127.0.0.1").put("port", 0)))
      .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    try {
      String probes = node.node().listeners().get("probes");
      assertThat(node.node().listeners()).doesNotContainKey("http");
      HttpClient client = HttpClient.newHttpClient();
      for (String path : List.of("/_ready", "/_healthcheck", "/_now")) {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://" + probes + path))
          .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(path.equals("/_now") ? 404 : 200);
      }
    } finally {
      node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static boolean has(JsonObject tree, String dottedKey) {
    Object node = tree;
    for (String part : dottedKey.split("\\.")) {
      if (!(node instanceof JsonObject object) || !object.containsKey(part)) {
        return false;
      }
      node = object.getValue(part);
    }
    return true;
  }

  private static Map<String, Object> compose() throws IOException {
    return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
  }

  private static Map<String, String> composeEnvironment() throws IOException {
    return stringMap(map(compose().get("x-kvx")).get("environment"));
  }

  private static List<Map<String, Object>> kubernetesDocuments(String file) throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml().loadAll(Files.readString(ROOT.resolve("k8s").resolve(file)))) {
      documents.add(map(document));
    }
    return documents;
  }

  private static Map<String, Object> container(Map<String, Object> deployment) {
    Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
    return map(((List<?>) pod.get("containers")).get(0));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static Map<String, String> stringMap(Object value) {
    Map<String, String> strings = new HashMap<>();
    map(value).forEach((key, item) -> strings.put(key, String.valueOf(item)));
    return strings;
  }

  private static List<String> strings(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return ((List<?>) value).stream().map(String::valueOf).toList();
  }
}
