package io.kvx.document;

import io.kvx.core.api.KuzzleRequest;
import io.kvx.core.api.KuzzleResponse;
import io.kvx.core.api.Protocol;
import io.kvx.core.bus.ApiCall;
import io.kvx.core.bus.ResponseStreams;
import io.kvx.core.config.LimitsOptions;
import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.SearchBodies;
import io.kvx.document.storage.StorageEngine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code document:export} (Kuzzle API, since 2.17): the documents a search matches, as a JSON Lines or CSV download
 * ({@link JsonlExport}, {@link CsvExport}), HTTP only. The search runs first, so that a bad query, index or
 * collection is answered as a Kuzzle error; the documents then go out as a {@linkplain ResponseStreams stream}
 * that pages through a scroll, one page per chunk, as fast as the client reads.
 *
 * <p>Arguments: {@code format} ({@code jsonl} by default, or {@code csv}), {@code size} (documents per page),
 * {@code scroll} (how long the scroll waits for the client between pages; by default
 * {@code services.storageEngine.defaults.scrollTTL}, where Kuzzle uses 5s), {@code lang}, {@code separator} (CSV,
 * {@code ,} by default); and, from the body or else the arguments, {@code query}, {@code sort}, {@code collapse},
 * {@code fields} (CSV columns: the mapped fields by default) and {@code fieldsName} (CSV header names by field).
 */
final class Export {

  /**
   * Documents per page when {@code size} is not given. Kuzzle pages by its search default (10); pages only change
   * how the download is cut, not what it holds, and larger ones cost far fewer round trips.
   */
  static final int DEFAULT_PAGE = 1000;
  /** How long a stream waits for its reader beyond the scroll duration before closing itself. */
  static final long IDLE_GRACE_MILLIS = 30_000;

  private final StorageEngine engine;
  private final LimitsOptions limits;
  private final ScrollOptions scrolls;

  Export(StorageEngine engine, LimitsOptions limits, ScrollOptions scrolls) {
    this.engine = engine;
    this.limits = limits;
    this.scrolls = scrolls;
  }

  /** What one export asks for, read and checked before anything runs. */
  private record Plan(String index, String collection, JsonObject body, boolean scrolled, long scrollMillis,
      String format, String separator, List<String> fields, Map<String, String> fieldsName) {
  }

  Future<KuzzleResponse> export(ApiCall call) {
    Plan plan = plan(call.request());
    Protocol protocol = call.context().protocol();
    if (protocol != Protocol.HTTP) {
      throw KuzzleError.of("api.assert.unsupported_protocol", protocol.wireName(), "document:export");
    }
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("document:export must run on a Vert.x context");
    }
    JsonObject body = SearchBodies.check(SearchActions.withLang(call.request(), plan.body()));
    return format(plan).compose(format -> engine.search(plan.index(), plan.collection(), body,
        plan.scrolled() ? plan.scrollMillis() : 0)
      .compose(first -> open(context, new ExportSource(engine, format, first, plan.scrollMillis()),
        plan.scrollMillis() + IDLE_GRACE_MILLIS))
      .map(address -> KuzzleResponse.stream(address, format.contentType()).withHeaders(new JsonObject()
        .put("Content-Disposition", "attachment; filename=\"" + fileName(plan, format) + "\""))));
  }

  /** Opens the stream on the verticle's context, where its source must run. */
  private static Future<String> open(Context context, ExportSource source, long idleMillis) {
    if (Vertx.currentContext() == context) {
      return ResponseStreams.open(context.owner(), source, idleMillis);
    }
    Promise<String> opened = Promise.promise();
    context.runOnContext(v -> ResponseStreams.open(context.owner(), source, idleMillis).onComplete(opened));
    return opened.future();
  }

  private Plan plan(KuzzleRequest request) {
    String index = request.getIndex();
    String collection = request.getCollection();
    long size = request.getInteger("size", DEFAULT_PAGE);
    if (size <= 0) {
      throw KuzzleError.of("api.assert.invalid_argument", "size", "a positive integer");
    }
    if (size > limits.documentsFetchCount()) {
      throw KuzzleError.of("services.storage.get_limit_exceeded");
    }
    long scrollMillis = request.has("scroll") ? SearchActions.scrollMillis(request.getString("scroll"), scrolls)
      : scrolls.scrollTtlMillis();
    String format = request.getString("format", "jsonl").toLowerCase(Locale.ROOT);
    if (!format.equals("jsonl") && !format.equals("csv")) {
      throw KuzzleError.of("api.assert.invalid_argument", "format", "\"jsonl\" or \"csv\"");
    }
    String separator = request.getString("separator", ",");
    if (separator.isEmpty() || separator.contains("\"") || separator.contains("\n") || separator.contains("\r")) {
      throw KuzzleError.of("api.assert.invalid_argument", "separator",
        "a non-empty string without double quotes or line breaks");
    }
    JsonObject body = new JsonObject().put("query", objectFromBodyOrArgs(request, "query"));
    Object sort = sort(request);
    if (sort != null) {
      body.put("sort", sort);
    }
    JsonObject collapse = objectFromBodyOrArgs(request, "collapse");
    // As in Kuzzle, collapsing cannot scroll: the export is then the first page only.
    boolean scrolled = collapse.isEmpty();
    if (!scrolled) {
      body.put("collapse", collapse);
    }
    body.put("from", 0).put("size", size);
    return new Plan(index, collection, body, scrolled, scrollMillis, format, separator, fields(request),
      fieldsName(request));
  }

  private Future<ExportFormat> format(Plan plan) {
    if (plan.format().equals("jsonl")) {
      return Future.succeededFuture(new JsonlExport(plan.index(), plan.collection()));
    }
    Future<List<String>> fields = plan.fields().isEmpty()
      ? engine.getMapping(plan.index(), plan.collection()).map(mapping -> CsvExport.mappedFields(mapping.properties()))
      : Future.succeededFuture(plan.fields());
    return fields.map(columns -> new CsvExport(columns, plan.fieldsName(), plan.separator()));
  }

  private static String fileName(Plan plan, ExportFormat format) {
    return (plan.index() + "-" + plan.collection() + "." + format.extension()).replaceAll("[\"\\\\\\r\\n]", "_");
  }

  /** A body field, else the argument of that name; over HTTP an argument may be JSON text. */
  private static JsonObject objectFromBodyOrArgs(KuzzleRequest request, String name) {
    JsonObject body = request.getBody(new JsonObject());
    if (body.getValue(name) != null) {
      return request.getBodyObject(name);
    }
    return request.getObject(name, new JsonObject());
  }

  /** {@code sort}: an object (Kuzzle's type) or an array (Elasticsearch's usual form); {@code null} when absent. */
  private static Object sort(KuzzleRequest request) {
    Object sort = request.getBody(new JsonObject()).getValue("sort");
    if (sort == null) {
      sort = request.input().getValue("sort");
      if (sort instanceof String text && request.protocol() == Protocol.HTTP) {
        sort = text.trim().startsWith("[") ? request.getArray("sort") : request.getObject("sort");
      }
    }
    if (sort != null && !(sort instanceof JsonObject) && !(sort instanceof JsonArray)) {
      throw KuzzleError.of("api.assert.invalid_type", "sort", "object");
    }
    return sort instanceof JsonObject object && object.isEmpty() ? null : sort;
  }

  private static List<String> fields(KuzzleRequest request) {
    JsonArray fields = request.getBody(new JsonObject()).getValue("fields") != null
      ? request.getBodyArray("fields") : request.getArray("fields", new JsonArray());
    List<String> paths = new ArrayList<>();
    for (Object field : fields) {
      if (!(field instanceof String path) || path.isEmpty()) {
        throw KuzzleError.of("api.assert.invalid_type", "fields", "string[]");
      }
      paths.add(path);
    }
    return paths;
  }

  private static Map<String, String> fieldsName(KuzzleRequest request) {
    Map<String, String> names = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : objectFromBodyOrArgs(request, "fieldsName")) {
      if (!(entry.getValue() instanceof String name)) {
        throw KuzzleError.of("api.assert.invalid_type", "fieldsName." + entry.getKey(), "string");
      }
      names.put(entry.getKey(), name);
    }
    return names;
  }
}
