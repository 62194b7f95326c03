package io.kvx.document.storage.elasticsearch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code storage.elasticsearch} section: where the Elasticsearch 7/8 or OpenSearch 2 cluster is and how to reach
 * it. Every key is optional.
 *
 * <ul>
 *   <li>{@code nodes}: node URLs, an array or a comma-separated string ({@value #DEFAULT_NODE}); requests go to them
 *       in turn, and to the next one when a node refuses the connection</li>
 *   <li>{@code username} and {@code password}: HTTP basic authentication; {@code apiKey}: the base64
 *       {@code id:key} of an API key, sent as {@code Authorization: ApiKey}</li>
 *   <li>{@code tls.trustAll} (false): accept any server certificate; {@code tls.caPath}: a PEM file of the
 *       certificate authorities to trust, instead of the JVM's</li>
 *   <li>{@code requestTimeout} ({@value #DEFAULT_REQUEST_TIMEOUT} ms): how long a request may wait for its response
 *       before it fails with {@code services.storage.not_connected}; {@code connectTimeout}
 *       ({@value #DEFAULT_CONNECT_TIMEOUT} ms)</li>
 *   <li>{@code indexPrefix} (empty): put before every Elasticsearch index name, so that several KVX deployments can
 *       share a cluster; lowercase, without {@code &}, {@code %} or the characters Elasticsearch refuses</li>
 * </ul>
 */
public final class ElasticsearchOptions {

  public static final String DEFAULT_NODE = "http://localhost:9200";
  public static final long DEFAULT_REQUEST_TIMEOUT = 30_000;
  public static final int DEFAULT_CONNECT_TIMEOUT = 5_000;
  private static final String PREFIX_FORBIDDEN = "\\/*?\"<>| \t\r\n,#:&%";

  private final List<String> nodes;
  private final String username;
  private final String password;
  private final String apiKey;
  private final boolean trustAll;
  private final String caPath;
  private final long requestTimeout;
  private final int connectTimeout;
  private final String indexPrefix;

  /** Reads the {@code storage.elasticsearch} object; {@link IllegalArgumentException} for a bad value. */
  public ElasticsearchOptions(JsonObject section) {
    this.nodes = nodes(section.getValue("nodes"));
    this.username = section.getString("username");
    this.password = section.getString("password");
    this.apiKey = section.getString("apiKey");
    JsonObject tls = section.getJsonObject("tls", new JsonObject());
    this.trustAll = tls.getBoolean("trustAll", false);
    this.caPath = tls.getString("caPath");
    this.requestTimeout = section.getLong("requestTimeout", DEFAULT_REQUEST_TIMEOUT);
    this.connectTimeout = section.getInteger("connectTimeout", DEFAULT_CONNECT_TIMEOUT);
    this.indexPrefix = section.getString("indexPrefix", "");
    checkPrefix(indexPrefix);
    if (username != null && apiKey != null) {
      throw new IllegalArgumentException("storage.elasticsearch: give either username/password or apiKey");
    }
    if (requestTimeout <= 0 || connectTimeout <= 0) {
      throw new IllegalArgumentException("storage.elasticsearch: requestTimeout and connectTimeout must be positive");
    }
  }

  private static List<String> nodes(Object value) {
    List<String> urls = new ArrayList<>();
    if (value == null) {
      urls.add(DEFAULT_NODE);
    } else if (value instanceof JsonArray array) {
      array.forEach(url -> urls.add(String.valueOf(url).trim()));
    } else {
      for (String url : String.valueOf(value).split(",")) {
        urls.add(url.trim());
      }
    }
    urls.removeIf(String::isEmpty);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("storage.elasticsearch.nodes: no node URL");
    }
    List<String> checked = new ArrayList<>();
    for (String url : urls) {
      URI uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("storage.elasticsearch.nodes: not an http(s) URL: " + url);
      }
      checked.add(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
    return List.copyOf(checked);
  }

  private static void checkPrefix(String prefix) {
    boolean bad = !prefix.equals(prefix.toLowerCase(java.util.Locale.ROOT)) || prefix.startsWith("-")
      || prefix.startsWith("_") || prefix.startsWith("+") || prefix.chars().anyMatch(c -> PREFIX_FORBIDDEN.indexOf(c)
      >= 0) || prefix.length() > 64;
    if (bad) {
      throw new IllegalArgumentException("storage.elasticsearch.indexPrefix: invalid prefix \"" + prefix + "\"");
    }
  }

  public List<String> nodes() {
    return nodes;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  public String apiKey() {
    return apiKey;
  }

  public boolean trustAll() {
    return trustAll;
  }

  public String caPath() {
    return caPath;
  }

  public long requestTimeout() {
    return requestTimeout;
  }

  public int connectTimeout() {
    return connectTimeout;
  }

  public String indexPrefix() {
    return indexPrefix;
  }

  /** The options as read, which this class reads back as they are. */
  public JsonObject toJson() {
    // Limitation: the password and API key are kept as given, so server:getConfig shows them to whoever may call
    // it; masking them there needs a secret-aware view of the effective configuration.
    return new JsonObject().put("nodes", new JsonArray(nodes)).put("username", username)
      .put("password", password).put("apiKey", apiKey)
      .put("tls", new JsonObject().put("trustAll", trustAll).put("caPath", caPath))
      .put("requestTimeout", requestTimeout).put("connectTimeout", connectTimeout).put("indexPrefix", indexPrefix);
  }
}
