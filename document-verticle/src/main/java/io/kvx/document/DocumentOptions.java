package io.kvx.document;

import io.kvx.core.config.ConfigLoader;
import io.kvx.document.storage.elasticsearch.ElasticsearchOptions;
import io.vertx.core.json.JsonObject;

/**
 * The {@code storage} section: which engine keeps the documents, and where.
 *
 * <ul>
 *   <li>{@code storage.engine}: {@code embedded} (Lucene on local disk, the default) or {@code elasticsearch}
 *       (an Elasticsearch 7/8 or OpenSearch 2 cluster)</li>
 *   <li>{@code storage.path}: the embedded engine's data directory</li>
 *   <li>{@code storage.elasticsearch.*}: the cluster of the elasticsearch engine: {@code nodes},
 *       {@code username}/{@code password} or {@code apiKey}, {@code tls.trustAll}, {@code tls.caPath},
 *       {@code requestTimeout}, {@code connectTimeout}, {@code indexPrefix} ({@link ElasticsearchOptions})</li>
 * </ul>
 */
public final class DocumentOptions {

  public static final String DEFAULT_ENGINE = "embedded";
  public static final String ELASTICSEARCH = "elasticsearch";
  /** Data directory of the embedded engine, relative to the working directory. */
  public static final String DEFAULT_PATH = "data";

  private final String engine;
  private final String path;
  private final ElasticsearchOptions elasticsearch;

  public DocumentOptions(JsonObject config) {
    JsonObject storage = ConfigLoader.section(config, "storage");
    this.engine = storage.getString("engine", DEFAULT_ENGINE);
    this.path = storage.getString("path", DEFAULT_PATH);
    this.elasticsearch = new ElasticsearchOptions(ConfigLoader.section(config, "storage", ELASTICSEARCH));
    if (!engine.equals(DEFAULT_ENGINE) && !engine.equals(ELASTICSEARCH)) {
      throw new IllegalArgumentException("storage.engine: unknown engine \"" + engine
        + "\" (available: embedded, elasticsearch)");
    }
  }

  public String engine() {
    return engine;
  }

  public String path() {
    return path;
  }

  public ElasticsearchOptions elasticsearch() {
    return elasticsearch;
  }

  public JsonObject toJson() {
    return new JsonObject().put("storage", new JsonObject().put("engine", engine).put("path", path)
      .put(ELASTICSEARCH, elasticsearch.toJson()));
  }
}
