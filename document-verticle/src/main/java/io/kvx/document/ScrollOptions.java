package io.kvx.document;

import io.kvx.core.config.ConfigLoader;
import io.kvx.core.config.Units;
import io.vertx.core.json.JsonObject;

/**
 * Scroll durations, under Kuzzle's keys: {@code services.storageEngine.defaults.scrollTTL}, how long a scroll stays
 * open when {@code document:scroll} gives no duration, and {@code services.storageEngine.maxScrollDuration}, the
 * longest duration a request may ask for.
 */
public final class ScrollOptions {

  public static final String DEFAULT_SCROLL_TTL = "15s";
  public static final String DEFAULT_MAX_SCROLL_DURATION = "1m";

  private final Object scrollTtl;
  private final Object maxScrollDuration;

  public ScrollOptions() {
    this(new JsonObject());
  }

  /** Reads the whole configuration tree; missing keys take their default. */
  public ScrollOptions(JsonObject config) {
    JsonObject storage = ConfigLoader.section(config, "services", "storageEngine");
    this.scrollTtl = ConfigLoader.section(storage, "defaults").getValue("scrollTTL", DEFAULT_SCROLL_TTL);
    this.maxScrollDuration = storage.getValue("maxScrollDuration", DEFAULT_MAX_SCROLL_DURATION);
    if (scrollTtlMillis() <= 0 || maxScrollDurationMillis() <= 0) {
      throw new IllegalArgumentException("services.storageEngine: scroll durations must be positive");
    }
  }

  public long scrollTtlMillis() {
    return Units.millis(scrollTtl);
  }

  public long maxScrollDurationMillis() {
    return Units.millis(maxScrollDuration);
  }

  public JsonObject toJson() {
    return new JsonObject().put("services", new JsonObject().put("storageEngine", new JsonObject()
      .put("defaults", new JsonObject().put("scrollTTL", scrollTtl)).put("maxScrollDuration", maxScrollDuration)));
  }
}
