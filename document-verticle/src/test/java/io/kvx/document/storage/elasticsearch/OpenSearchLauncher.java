package io.kvx.document.storage.elasticsearch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The main class of the child JVM that {@link OpenSearchNode} starts: a single-node OpenSearch cluster with the
 * module plugins the engine needs, on ephemeral loopback ports. Once the node answers, its HTTP port is written to
 * {@code <home>/http.port}. The node stops when its standard input closes, that is when the test JVM goes away,
 * even if it was killed.
 */
public final class OpenSearchLauncher extends Node {

  private static final Collection<Class<? extends Plugin>> PLUGINS = List.of(Netty4Plugin.class,
    CommonAnalysisPlugin.class, MapperExtrasPlugin.class, ReindexPlugin.class);

  private OpenSearchLauncher(Settings settings) {
    super(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "kvx-test"), PLUGINS, true);
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Settings settings = Settings.builder()
      .put("path.home", home.toString())
      .put("path.data", home.resolve("data").toString())
      .put("path.logs", home.resolve("logs").toString())
      .put("cluster.name", "kvx-test")
      .put("node.name", "kvx-test")
      .put("discovery.type", "single-node")
      .put("network.host", "127.0.0.1")
      .put("http.port", "0")
      .put("transport.port", "0")
      // Test machines often have full disks: allocation must not stop at the default watermarks.
      .put("cluster.routing.allocation.disk.threshold_enabled", false)
      // The engine must never rely on indices appearing by themselves.
      .put("action.auto_create_index", false)
      .put("node.store.allow_mmap", false)
      .build();
    LogConfigurator.configureWithoutConfig(settings);
    Node node = new OpenSearchLauncher(settings).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(node)));
    TransportAddress http = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress();
    Path temporary = home.resolve("http.port.tmp");
    Files.writeString(temporary, String.valueOf(http.getPort()), StandardCharsets.US_ASCII);
    Files.move(temporary, home.resolve("http.port"), StandardCopyOption.ATOMIC_MOVE);
    while (System.in.read() >= 0) {
      // Only the end of the stream matters: the parent JVM is gone.
    }
    System.exit(0);
  }

  private static void close(Node node) {
    try {
      node.close();
      node.awaitClose(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }
}
