package io.kvx.document;

import io.kvx.core.config.ConfigLoader;
import io.vertx.core.json.JsonObject;

/** The {@code storage} section: which engine keeps the documents, and where. */
public final class DocumentOptions {

  public static final String DEFAULT_ENGINE = "embedded";
  /** Data directory of the embedded engine, relative to the working directory. */
  public static final String DEFAULT_PATH = "data";

  private final String engine;
  private final String path;

  public DocumentOptions(JsonObject config) {
    JsonObject storage = ConfigLoader.section(config, "storage");
    this.engine = storage.getString("engine", DEFAULT_ENGINE);
    this.path = storage.getString("path", DEFAULT_PATH);
    if (!engine.equals(DEFAULT_ENGINE)) {
      throw new IllegalArgumentException("storage.engine: unknown engine \"" + engine + "\" (available: embedded)");
    }
  }

  public String engine() {
    return engine;
  }

  public String path() {
    return path;
  }

  public JsonObject toJson() {
    return new JsonObject().put("storage", new JsonObject().put("engine", engine).put("path", path));
  }
}
