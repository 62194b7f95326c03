package io.kvx.core.config;

import io.vertx.core.json.JsonObject;

/** The {@code limits} section: how much a node takes on at once, and how much one request may ask for. */
public final class LimitsOptions {

  public static final int DEFAULT_CONCURRENT_REQUESTS = 100;
  public static final int DEFAULT_REQUESTS_BUFFER_SIZE = 50_000;
  public static final int DEFAULT_REQUESTS_BUFFER_WARNING_THRESHOLD = 5_000;
  public static final int DEFAULT_DOCUMENTS_FETCH_COUNT = 10_000;
  public static final int DEFAULT_DOCUMENTS_WRITE_COUNT = 200;
  public static final int DEFAULT_LOGINS_PER_SECOND = 1;
  public static final int DEFAULT_SUBSCRIPTION_CONDITIONS_COUNT = 100;
  public static final int DEFAULT_SUBSCRIPTION_MINTERMS = 0;
  public static final int DEFAULT_SUBSCRIPTION_ROOMS = 1_000_000;
  public static final long DEFAULT_SUBSCRIPTION_DOCUMENT_TTL = 259_200_000L;
  /** KVX addition: how long the pipeline waits for a controller's answer before {@code api.process.timeout}. */
  public static final long DEFAULT_REQUEST_TIMEOUT = 30_000L;

  private final JsonObject json;

  public LimitsOptions() {
    this(new JsonObject());
  }

  /** Reads the {@code limits} section; missing keys take their default. */
  public LimitsOptions(JsonObject limits) {
    this.json = new JsonObject()
      .put("concurrentRequests", positive(limits, "concurrentRequests", DEFAULT_CONCURRENT_REQUESTS))
      .put("requestsBufferSize", positive(limits, "requestsBufferSize", DEFAULT_REQUESTS_BUFFER_SIZE))
      .put("requestsBufferWarningThreshold", positive(limits, "requestsBufferWarningThreshold",
        DEFAULT_REQUESTS_BUFFER_WARNING_THRESHOLD))
      .put("documentsFetchCount", positive(limits, "documentsFetchCount", DEFAULT_DOCUMENTS_FETCH_COUNT))
      .put("documentsWriteCount", positive(limits, "documentsWriteCount", DEFAULT_DOCUMENTS_WRITE_COUNT))
      .put("loginsPerSecond", positive(limits, "loginsPerSecond", DEFAULT_LOGINS_PER_SECOND))
      .put("subscriptionConditionsCount", positive(limits, "subscriptionConditionsCount",
        DEFAULT_SUBSCRIPTION_CONDITIONS_COUNT))
      .put("subscriptionMinterms", limits.getInteger("subscriptionMinterms", DEFAULT_SUBSCRIPTION_MINTERMS))
      .put("subscriptionRooms", positive(limits, "subscriptionRooms", DEFAULT_SUBSCRIPTION_ROOMS))
      .put("subscriptionDocumentTTL", Units.millis(limits.getValue("subscriptionDocumentTTL",
        DEFAULT_SUBSCRIPTION_DOCUMENT_TTL)))
      .put("requestTimeout", Units.millis(limits.getValue("requestTimeout", DEFAULT_REQUEST_TIMEOUT)));
  }

  private static int positive(JsonObject json, String key, int fallback) {
    Object value = json.getValue(key, fallback);
    if (!(value instanceof Number n) || n.intValue() < 1) {
      throw new IllegalArgumentException("limits." + key + " must be a positive integer, got " + value);
    }
    return n.intValue();
  }

  public int concurrentRequests() {
    return json.getInteger("concurrentRequests");
  }

  public int requestsBufferSize() {
    return json.getInteger("requestsBufferSize");
  }

  public int requestsBufferWarningThreshold() {
    return json.getInteger("requestsBufferWarningThreshold");
  }

  public int documentsFetchCount() {
    return json.getInteger("documentsFetchCount");
  }

  public int documentsWriteCount() {
    return json.getInteger("documentsWriteCount");
  }

  public int loginsPerSecond() {
    return json.getInteger("loginsPerSecond");
  }

  public int subscriptionConditionsCount() {
    return json.getInteger("subscriptionConditionsCount");
  }

  public int subscriptionRooms() {
    return json.getInteger("subscriptionRooms");
  }

  public long subscriptionDocumentTtl() {
    return json.getLong("subscriptionDocumentTTL");
  }

  public long requestTimeout() {
    return json.getLong("requestTimeout");
  }

  /** The section with every key, defaults included, as {@code server:getConfig} and {@code capabilities} show it. */
  public JsonObject toJson() {
    return json.copy();
  }
}
