package io.kvx.document.storage.elasticsearch;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.CollectionMapping;
import io.kvx.document.storage.QueryWrites;
import io.kvx.document.storage.SearchResult;
import io.kvx.document.storage.StorageEngine;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.WriteMode;
import io.kvx.document.storage.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@code elasticsearch} engine: indexes, collections and documents in an Elasticsearch 7/8 or OpenSearch 2
 * cluster, through its REST API and the Vert.x web client. Each collection is one Elasticsearch index, named as
 * {@link Names} says, with the collection's mapping ({@code _kuzzle_info} always mapped) and settings. The engine
 * keeps no state of its own: every node of a KVX cluster can use the same Elasticsearch cluster.
 *
 * <p>Every method answers without blocking; a cluster that cannot be reached fails the call with
 * {@code services.storage.not_connected} after at most the configured request timeout.
 */
public final class ElasticsearchEngine implements StorageEngine {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchEngine.class);
  /** Kuzzle's {@code services.storageEngine.defaultSettings}, for collections created without settings. */
  static final JsonObject DEFAULT_SETTINGS = new JsonObject().put("number_of_shards", 1)
    .put("number_of_replicas", 1);

  private final Rest rest;
  private final Names names;
  private final Indices indices;
  private final Documents documents;
  private final Searches searches;
  private final ByQuery byQuery;

  private ElasticsearchEngine(Vertx vertx, ElasticsearchOptions options) {
    this.rest = new Rest(vertx, options);
    this.names = new Names(options.indexPrefix());
    this.indices = new Indices(rest, names);
    this.documents = new Documents(vertx, indices);
    this.searches = new Searches(indices);
    this.byQuery = new ByQuery(indices);
  }

  /**
   * Connects to the cluster and checks that it is Elasticsearch 7 or later, or OpenSearch; fails with
   * {@code services.storage.not_connected} if no node answers.
   */
  public static Future<ElasticsearchEngine> open(Vertx vertx, ElasticsearchOptions options) {
    ElasticsearchEngine engine = new ElasticsearchEngine(vertx, options);
    return engine.rest.get("/").compose(reply -> {
      if (!reply.ok()) {
        return Future.failedFuture(EsErrors.of(reply, null, null));
      }
      JsonObject version = reply.json().getJsonObject("version", new JsonObject());
      String distribution = version.getString("distribution", "elasticsearch");
      String number = version.getString("number", "0");
      if (distribution.equals("elasticsearch") && Integer.parseInt(number.split("\\.")[0]) < 7) {
        return Future.failedFuture(KuzzleError.of("services.storage.version_mismatch", number));
      }
      LOG.info("Storage engine elasticsearch: {} {} at {}", distribution, number, options.nodes());
      return Future.succeededFuture(engine);
    }).onFailure(failure -> engine.rest.close());
  }

  /** Runs {@code call}, turning the errors its arguments raise at once (bad names, bad mappings) into failures. */
  private static <T> Future<T> guarded(Supplier<Future<T>> call) {
    try {
      return call.get();
    } catch (KuzzleError error) {
      return Future.failedFuture(error);
    }
  }

  private String path(String index, String collection) {
    return '/' + Names.segment(names.index(index, collection));
  }

  @Override
  public Future<Void> createIndex(String index) {
    return guarded(() -> indices.indexExists(index).compose(exists -> exists
      ? Future.failedFuture(KuzzleError.of("services.storage.index_already_exists", "public", index))
      : createKeep(index).compose(reply -> reply.ok() ? Future.succeededFuture()
        : reply.errorType().equals("resource_already_exists_exception")
        ? Future.failedFuture(KuzzleError.of("services.storage.index_already_exists", "public", index))
        : Future.failedFuture(EsErrors.of(reply, index, null)))));
  }

  /** Creates the index of the reserved collection, which makes the Kuzzle index exist even without collections. */
  private Future<Reply> createKeep(String index) {
    JsonObject body = new JsonObject().put("settings", DEFAULT_SETTINGS.copy())
      .put("mappings", new JsonObject().put("dynamic", "false").put("properties", new JsonObject()));
    return rest.json(HttpMethod.PUT, '/' + Names.segment(names.keep(index)), body);
  }

  @Override
  public Future<Void> deleteIndex(String index) {
    return guarded(() -> indices.list(names.pattern(index)).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(KuzzleError.of("services.storage.unknown_index", index));
      }
      // Explicit names: Elasticsearch 8 refuses to delete indices by wildcard.
      String all = found.stream().map(Names::segment).collect(Collectors.joining(","));
      return indices.checked(rest.delete('/' + all), index, null).mapEmpty();
    }));
  }

  @Override
  public Future<Boolean> indexExists(String index) {
    return guarded(() -> indices.indexExists(index));
  }

  @Override
  public Future<List<String>> listIndexes() {
    return indices.list(names.all()).map(found -> {
      TreeSet<String> kuzzleIndexes = new TreeSet<>();
      found.stream().map(names::parse).filter(parsed -> parsed != null).forEach(parsed -> kuzzleIndexes.add(
        parsed[0]));
      return List.copyOf(kuzzleIndexes);
    });
  }

  @Override
  public Future<Void> createCollection(String index, String collection, JsonObject mapping, JsonObject settings) {
    return guarded(() -> {
      CollectionMapping requested = mapping == null ? null : CollectionMapping.parse(mapping);
      return rest.get(path(index, collection) + "/_mapping").compose(reply -> {
        if (reply.ok()) {
          return update(index, collection, current(reply, index, collection), requested, mapping, settings);
        }
        if (!reply.errorType().equals("index_not_found_exception")) {
          return indices.fail(reply, index, collection);
        }
        return create(index, collection, requested, settings);
      });
    });
  }

  private Future<Void> create(String index, String collection, CollectionMapping requested, JsonObject settings) {
    JsonObject body = new JsonObject()
      .put("settings", settings == null ? DEFAULT_SETTINGS.copy() : settings.copy())
      .put("mappings", (requested == null ? CollectionMapping.empty() : requested).toJson(true))
      .put("aliases", new JsonObject().put(names.alias(index, collection), new JsonObject()));
    return indices.indexExists(index)
      .compose(exists -> exists ? Future.succeededFuture() : createKeep(index).mapEmpty())
      .compose(kept -> rest.json(HttpMethod.PUT, path(index, collection), body))
      .compose(reply -> {
        if (reply.ok()) {
          return Future.succeededFuture();
        }
        // Created meanwhile by another request: this one becomes an update of it.
        return reply.errorType().equals("resource_already_exists_exception")
          ? updateCollection(index, collection, requested == null ? null : requested.toJson(false), settings)
          : Future.failedFuture(EsErrors.of(reply, index, collection));
      });
  }

  @Override
  public Future<Void> updateCollection(String index, String collection, JsonObject mapping, JsonObject settings) {
    return guarded(() -> {
      CollectionMapping requested = mapping == null ? null : CollectionMapping.parse(mapping);
      return indices.checked(rest.get(path(index, collection) + "/_mapping"), index, collection)
        .compose(reply -> update(index, collection, current(reply, index, collection), requested, mapping,
          settings));
    });
  }

  private Future<Void> update(String index, String collection, CollectionMapping current,
      CollectionMapping requested, JsonObject mapping, JsonObject settings) {
    Future<Void> mapped = Future.succeededFuture();
    if (requested != null) {
      CollectionMapping merged = current.merge(requested, mapping.containsKey("dynamic"),
        mapping.containsKey("_meta"));
      mapped = indices.checked(rest.json(HttpMethod.PUT, path(index, collection) + "/_mapping",
        merged.toJson(true)), index, collection).mapEmpty();
    }
    return settings == null ? mapped : mapped.compose(done -> putSettings(index, collection, settings));
  }

  /**
   * Changes settings. Static settings (analysis, for one) can only change on a closed index: as Kuzzle does, the
   * index is then closed, changed and opened again, and the collection refuses writes meanwhile.
   */
  private Future<Void> putSettings(String index, String collection, JsonObject settings) {
    String path = path(index, collection);
    return rest.json(HttpMethod.PUT, path + "/_settings", settings).compose(reply -> {
      if (reply.ok()) {
        return Future.succeededFuture();
      }
      if (reply.status() != 400 || !reply.json().encode().contains("non dynamic settings")) {
        return indices.fail(reply, index, collection);
      }
      return indices.checked(rest.json(HttpMethod.POST, path + "/_close", null), index, collection)
        .compose(closed -> indices.checked(rest.json(HttpMethod.PUT, path + "/_settings", settings), index,
          collection))
        .eventually(() -> rest.json(HttpMethod.POST, path + "/_open?wait_for_active_shards=1", null))
        .mapEmpty();
    });
  }

  /** The mapping in a {@code GET _mapping} answer, without the implicit {@code _kuzzle_info}. */
  private CollectionMapping current(Reply reply, String index, String collection) {
    JsonObject mappings = reply.json().getJsonObject(names.index(index, collection), new JsonObject())
      .getJsonObject("mappings", new JsonObject()).copy();
    JsonObject properties = mappings.getJsonObject("properties", new JsonObject());
    properties.remove("_kuzzle_info");
    return CollectionMapping.fromJson(mappings.put("properties", properties));
  }

  @Override
  public Future<Boolean> collectionExists(String index, String collection) {
    return guarded(() -> rest.head(path(index, collection)).map(Reply::ok));
  }

  @Override
  public Future<List<String>> listCollections(String index) {
    return guarded(() -> indices.list(names.pattern(index)).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(KuzzleError.of("services.storage.unknown_index", index));
      }
      TreeSet<String> collections = new TreeSet<>();
      found.stream().map(names::parse).filter(parsed -> parsed != null && !Names.kept(parsed[1]))
        .forEach(parsed -> collections.add(parsed[1]));
      return Future.succeededFuture(List.copyOf(collections));
    }));
  }

  @Override
  public Future<Void> deleteCollection(String index, String collection) {
    return guarded(() -> indices.checked(rest.delete(path(index, collection)), index, collection).mapEmpty());
  }

  @Override
  public Future<CollectionMapping> getMapping(String index, String collection) {
    return guarded(() -> indices.checked(rest.get(path(index, collection) + "/_mapping"), index, collection)
      .map(reply -> current(reply, index, collection)));
  }

  /** The collection's Elasticsearch settings as Kuzzle answers them: {@code {index: {number_of_shards, ...}}}. */
  @Override
  public Future<JsonObject> getSettings(String index, String collection) {
    return guarded(() -> indices.checked(rest.get(path(index, collection) + "/_settings"), index, collection)
      .map(reply -> reply.json().getJsonObject(names.index(index, collection), new JsonObject())
        .getJsonObject("settings", new JsonObject())));
  }

  @Override
  public Future<Void> truncate(String index, String collection) {
    JsonObject all = new JsonObject().put("query", new JsonObject().put("match_all", new JsonObject()));
    // Refreshed first: a delete by query only sees refreshed documents.
    return guarded(() -> refresh(index, collection)
      .compose(refreshed -> indices.checked(rest.json(HttpMethod.POST, path(index, collection)
        + "/_delete_by_query?refresh=true&conflicts=proceed", all), index, collection)).mapEmpty());
  }

  @Override
  public Future<Void> refresh(String index, String collection) {
    return guarded(() -> indices.checked(rest.json(HttpMethod.POST, path(index, collection) + "/_refresh", null),
      index, collection).mapEmpty());
  }

  @Override
  public Future<WriteResult> write(String index, String collection, String id, JsonObject source, WriteMode mode,
      boolean waitForRefresh) {
    return guarded(() -> documents.write(index, collection, id, source, mode, waitForRefresh));
  }

  @Override
  public Future<WriteResult> update(String index, String collection, String id, JsonObject changes,
      boolean waitForRefresh) {
    return guarded(() -> documents.update(index, collection, id, changes, waitForRefresh));
  }

  @Override
  public Future<WriteResult> delete(String index, String collection, String id, boolean waitForRefresh) {
    return guarded(() -> documents.delete(index, collection, id, waitForRefresh));
  }

  @Override
  public Future<WriteResult> deleteFields(String index, String collection, String id, List<String> paths,
      JsonObject changes, boolean waitForRefresh) {
    return guarded(() -> documents.deleteFields(index, collection, id, paths, changes, waitForRefresh));
  }

  @Override
  public Future<QueryWrites> deleteByQuery(String index, String collection, JsonObject body, long limit,
      boolean waitForRefresh) {
    return guarded(() -> byQuery.delete(index, collection, body, limit, waitForRefresh));
  }

  @Override
  public Future<QueryWrites> updateByQuery(String index, String collection, JsonObject body, JsonObject changes,
      long limit, boolean waitForRefresh) {
    return guarded(() -> byQuery.update(index, collection, body, changes, limit, waitForRefresh));
  }

  @Override
  public Future<StoredDocument> get(String index, String collection, String id) {
    return guarded(() -> documents.get(index, collection, id));
  }

  @Override
  public Future<Boolean> exists(String index, String collection, String id) {
    return guarded(() -> documents.exists(index, collection, id));
  }

  @Override
  public Future<SearchResult> search(String index, String collection, JsonObject body, long scrollMillis) {
    return guarded(() -> searches.search(index, collection, body, scrollMillis));
  }

  @Override
  public Future<Long> count(String index, String collection, JsonObject body) {
    return guarded(() -> searches.count(index, collection, body));
  }

  @Override
  public Future<SearchResult> scroll(String scrollId, long scrollMillis) {
    return searches.scroll(scrollId, scrollMillis);
  }

  @Override
  public Future<JsonObject> stats() {
    return indices.cat(names.all()).map(rows -> {
      Map<String, JsonArray> collections = new TreeMap<>();
      Map<String, Long> sizes = new TreeMap<>();
      for (Object row : rows) {
        JsonObject cat = (JsonObject) row;
        String[] parsed = names.parse(cat.getString("index"));
        if (parsed == null) {
          continue;
        }
        long size = number(cat.getValue("store.size"));
        sizes.merge(parsed[0], size, Long::sum);
        JsonArray list = collections.computeIfAbsent(parsed[0], name -> new JsonArray());
        if (!Names.kept(parsed[1])) {
          list.add(new JsonObject().put("name", parsed[1]).put("documentCount", number(cat.getValue("docs.count")))
            .put("size", size));
        }
      }
      JsonArray answer = new JsonArray();
      collections.forEach((name, list) -> answer.add(new JsonObject().put("name", name).put("size", sizes.get(name))
        .put("collections", list)));
      return new JsonObject().put("size", sizes.values().stream().mapToLong(Long::longValue).sum())
        .put("indexes", answer);
    });
  }

  private static long number(Object value) {
    return value == null ? 0 : Long.parseLong(String.valueOf(value));
  }

  @Override
  public Future<Void> close() {
    rest.close();
    return Future.succeededFuture();
  }
}
