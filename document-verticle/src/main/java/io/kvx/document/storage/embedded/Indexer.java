package io.kvx.document.storage.embedded;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.CollectionMapping;
import io.kvx.document.storage.StoredDocument;
import io.kvx.document.storage.embedded.Fields.Kind;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a document into the Lucene fields Elasticsearch would index for it under the collection's mapping: exact
 * terms and doc values for keywords, analysed terms for text, points and doc values for numbers, dates and geo
 * points, dotted paths for objects, every item of an array. Unmapped fields follow the mapping's {@code dynamic}:
 * {@code true} maps them the way Elasticsearch infers types, {@code false} keeps them in {@code _source} only,
 * {@code strict} rejects the document.
 */
final class Indexer {

  static final String ID = "_id";
  /**
   * The id's doc values, for sorts on {@code _id}; a field of its own because Lucene cannot add doc values to the
   * {@code _id} of indexes written before they existed.
   */
  static final String ID_ORDER = "_id_order";
  static final String VERSION = "_version";
  static final String SOURCE = "_source";
  /** Every indexed path of a document and its parent objects, as Elasticsearch's field of the same name. */
  static final String FIELD_NAMES = "_field_names";
  private static final Set<String> INTERNAL = Set.of(ID, ID_ORDER, VERSION, SOURCE, FIELD_NAMES);
  private static final String KUZZLE_INFO = "_kuzzle_info";
  /** Lucene's limit on the length of one indexed term, in UTF-8 bytes. */
  private static final int MAX_TERM_BYTES = 32766;
  private static final int DYNAMIC_IGNORE_ABOVE = 256;

  private final String index;
  private final String collection;

  Indexer(String index, String collection) {
    this.index = index;
    this.collection = collection;
  }

  /**
   * A document and, when {@code dynamic: true} mapped some of its fields, the grown mapping (else {@code null}).
   */
  record Indexed(Document document, CollectionMapping grown) {
  }

  /** Indexes a document whose source, encoded to JSON, is {@code source}. */
  Indexed index(StoredDocument stored, Fields fields, byte[] source) {
    Run run;
    try {
      run = new Run(stored, fields, fields.properties(), false);
    } catch (Grows grows) {
      // dynamic: true maps a new field: index again over a copy of the mapping that may grow.
      run = new Run(stored, fields, fields.properties().copy(), true);
    }
    Document document = stored(stored, source);
    run.document.getFields().forEach(document::add);
    run.exists.forEach(path -> document.add(new StringField(FIELD_NAMES, path, Field.Store.NO)));
    return new Indexed(document, run.grown ? CollectionMapping.fromJson(fields.mapping().toJson(false)
      .put("properties", run.properties)) : null);
  }

  /** Thrown by a read-only indexing run that meets a field to map: the run starts over on a copy. */
  private static final class Grows extends RuntimeException {
    Grows() {
      super(null, null, false, false);
    }
  }

  /** The fields every document has, indexed or not: id, version and source ({@code source}, encoded). */
  static Document stored(StoredDocument stored, byte[] source) {
    Document document = new Document();
    document.add(new StringField(ID, stored.id(), Field.Store.YES));
    document.add(new SortedSetDocValuesField(ID_ORDER, new BytesRef(stored.id())));
    document.add(new StoredField(VERSION, stored.version()));
    document.add(new StoredField(SOURCE, source));
    return document;
  }

  /** A document as {@link #stored} keeps it. */
  static StoredDocument read(Document document) {
    BytesRef source = document.getBinaryValue(SOURCE);
    return new StoredDocument(document.get(ID), document.getField(VERSION).numericValue().longValue(),
      new JsonObject(Buffer.buffer(Arrays.copyOfRange(source.bytes, source.offset, source.offset + source.length))));
  }

  /** The indexing of one document. */
  private final class Run {

    private final String id;
    private final JsonObject properties;
    private final JsonObject kuzzleInfo;
    private final boolean mayGrow;
    private final Document document = new Document();
    private final Set<String> exists = new HashSet<>();
    private boolean grown;

    /** Indexes the document; {@code mayGrow} says whether {@code properties} is a copy it may add fields to. */
    Run(StoredDocument stored, Fields fields, JsonObject properties, boolean mayGrow) {
      this.id = stored.id();
      this.properties = properties;
      this.kuzzleInfo = fields.kuzzleInfo();
      this.mayGrow = mayGrow;
      object(stored.source(), properties, "", fields.mapping().dynamic(), true);
    }

    void object(JsonObject source, JsonObject mapped, String prefix, String dynamic, boolean root) {
      for (Map.Entry<String, Object> entry : source) {
        String key = entry.getKey();
        if (entry.getValue() == null || root && INTERNAL.contains(key)) {
          // Limitation: a top-level field named like an internal Lucene field (_id, _source...) is kept in
          // _source but not indexed; Elasticsearch refuses such documents. null_value is not applied to nulls.
          continue;
        }
        boolean info = root && key.equals(KUZZLE_INFO);
        JsonObject definition = info ? kuzzleInfo : mapped.getJsonObject(key);
        if (definition == null) {
          definition = unmapped(key, entry.getValue(), dynamic);
          if (definition == null) {
            continue;
          }
          if (!mayGrow) {
            throw new Grows();
          }
          mapped.put(key, definition);
          grown = true;
        }
        value(prefix + key, entry.getValue(), definition, info ? "false" : dynamic);
      }
    }

    private JsonObject unmapped(String key, Object value, String dynamic) {
      if (dynamic.equals("strict")) {
        throw KuzzleError.of("services.storage.strict_mapping_rejection", key, index, collection);
      }
      return dynamic.equals("true") ? infer(value) : null;
    }

    private void value(String path, Object value, JsonObject definition, String dynamic) {
      String type = Fields.typeOf(definition);
      Kind kind = Kind.of(type);
      if (kind == Kind.OBJECT) {
        object(path, value, definition, dynamic);
      } else if (kind == Kind.GEO_POINT) {
        for (Geo.Point point : parsed(path, type, () -> Geo.points(value))) {
          document.add(new LatLonPoint(path, point.lat(), point.lon()));
          document.add(new LatLonDocValuesField(path, point.lat(), point.lon()));
          exists(path);
        }
      } else {
        JsonObject multi = definition.getJsonObject("fields", new JsonObject());
        for (Object item : scalars(path, value)) {
          leaf(path, kind, type, definition, item);
          for (Map.Entry<String, Object> sub : multi) {
            JsonObject subDefinition = (JsonObject) sub.getValue();
            String subType = Fields.typeOf(subDefinition);
            leaf(path + "." + sub.getKey(), Kind.of(subType), subType, subDefinition, item);
          }
        }
      }
    }

    private void object(String path, Object value, JsonObject definition, String dynamic) {
      if (Boolean.FALSE.equals(definition.getValue("enabled"))) {
        return;
      }
      Object own = definition.getValue("dynamic");
      String childDynamic = own == null ? dynamic : String.valueOf(own);
      Iterable<?> items = value instanceof JsonArray array ? array : List.of(value);
      for (Object item : items) {
        if (item instanceof JsonObject child) {
          JsonObject children = definition.getJsonObject("properties");
          if (children == null) {
            children = new JsonObject();
            if (mayGrow) {
              definition.put("properties", children);
            }
          }
          object(child, children, path + ".", childDynamic, false);
        } else if (item != null) {
          throw badRequest("object mapping for [" + path + "] tried to parse field [" + path
            + "] as object, but found a concrete value");
        }
      }
    }

    private void leaf(String path, Kind kind, String type, JsonObject definition, Object value) {
      switch (kind) {
        case KEYWORD -> keyword(path, definition, value);
        // Limitation: every text field uses the standard analyzer; the analyzer and search_analyzer parameters are
        // kept in the mapping but not applied (lucene-analysis-common would bring the other analyzers).
        case TEXT -> document.add(new TextField(path, text(path, type, value), Field.Store.NO));
        case LONG -> {
          long number = parsed(path, type, () -> Values.toLong(value));
          document.add(new LongPoint(path, number));
          document.add(new SortedNumericDocValuesField(path, number));
        }
        case DOUBLE -> {
          double number = parsed(path, type, () -> Values.toDouble(value));
          document.add(new DoublePoint(path, number));
          document.add(new SortedNumericDocValuesField(path, NumericUtils.doubleToSortableLong(number)));
        }
        case BOOLEAN -> {
          boolean flag = parsed(path, type, () -> Values.toBoolean(value));
          document.add(new StringField(path, String.valueOf(flag), Field.Store.NO));
          document.add(new SortedNumericDocValuesField(path, flag ? 1 : 0));
        }
        case DATE -> {
          // Limitation: a date field's own format parameter is ignored; the default formats read every date.
          long millis = parsed(path, type, () -> Dates.parse(value));
          document.add(new LongPoint(path, millis));
          document.add(new SortedNumericDocValuesField(path, millis));
        }
        default -> throw badRequest("failed to parse field [" + path + "] of type [" + type + "]");
      }
      exists(path);
    }

    private void keyword(String path, JsonObject definition, Object value) {
      String text = text(path, "keyword", value);
      Integer ignoreAbove = definition.getInteger("ignore_above");
      if (ignoreAbove != null && text.length() > ignoreAbove) {
        return;
      }
      BytesRef bytes = new BytesRef(text.getBytes(StandardCharsets.UTF_8));
      if (bytes.length > MAX_TERM_BYTES) {
        throw badRequest("Document contains at least one immense term in field=\"" + path + "\"");
      }
      document.add(new StringField(path, bytes, Field.Store.NO));
      document.add(new SortedSetDocValuesField(path, bytes));
      exists(path);
    }

    private String text(String path, String type, Object value) {
      if (value instanceof String || value instanceof Number || value instanceof Boolean) {
        return String.valueOf(value);
      }
      throw malformed(path, type);
    }

    private void exists(String path) {
      for (String part = path; exists.add(part) && part.contains("."); ) {
        part = part.substring(0, part.lastIndexOf('.'));
      }
    }

    private <T> T parsed(String path, String type, java.util.function.Supplier<T> parse) {
      try {
        return parse.get();
      } catch (IllegalArgumentException | java.time.DateTimeException | ClassCastException e) {
        throw malformed(path, type);
      }
    }

    private KuzzleError malformed(String path, String type) {
      return badRequest("failed to parse field [" + path + "] of type [" + type + "] in document with id '" + id
        + "'");
    }
  }

  /** The scalar items of a value: the value itself, or the items of an array (nested arrays flattened). */
  private static List<Object> scalars(String path, Object value) {
    if (!(value instanceof JsonArray array)) {
      return List.of(value);
    }
    List<Object> items = new java.util.ArrayList<>();
    for (Object item : array) {
      if (item instanceof JsonArray) {
        items.addAll(scalars(path, item));
      } else if (item != null) {
        items.add(item);
      }
    }
    return items;
  }

  /**
   * The mapping Elasticsearch's dynamic mapping gives a new field: strings are dates when they read as one, else
   * text with a {@code keyword} sub-field; whole numbers are long, other numbers float; objects are objects. An
   * array is mapped by its first item; {@code null} and empty arrays map nothing.
   */
  static JsonObject infer(Object value) {
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (item != null) {
          return infer(item);
        }
      }
      return null;
    }
    if (value instanceof String text) {
      return Dates.detect(text) ? type("date") : type("text").put("fields", new JsonObject().put("keyword",
        type("keyword").put("ignore_above", DYNAMIC_IGNORE_ABOVE)));
    }
    if (value instanceof Boolean) {
      return type("boolean");
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof java.math.BigInteger) {
      return type("long");
    }
    if (value instanceof Number) {
      return type("float");
    }
    if (value instanceof JsonObject) {
      return new JsonObject().put("properties", new JsonObject());
    }
    return null;
  }

  private static JsonObject type(String type) {
    return new JsonObject().put("type", type);
  }

  static KuzzleError badRequest(String message) {
    return KuzzleError.of("services.storage.unexpected_bad_request", message);
  }
}
