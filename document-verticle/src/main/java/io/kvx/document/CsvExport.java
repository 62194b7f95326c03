package io.kvx.document;

import io.kvx.document.storage.SearchResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * CSV as Kuzzle exports it: a header line naming the columns ({@code _id} first, then the fields, each renamed by
 * {@code fieldsName} when it names it), then one line per document with its id and the value of each field, read at
 * its path the way lodash's {@code get} reads it ({@code a.b}, {@code a[0]}). A missing or null value is an empty
 * cell, an object or an array is {@code [OBJECT]}. Lines end with a newline.
 *
 * <p>Unlike Kuzzle, which joins values as they are, a cell holding the separator, a double quote or a line break is
 * quoted as RFC 4180 says, so that every line reads back into as many cells as the header has.
 */
final class CsvExport implements ExportFormat {

  /** What Kuzzle writes for a value that is no scalar. */
  static final String NOT_SCALAR = "[OBJECT]";

  private final List<String> fields;
  private final Map<String, String> fieldsName;
  private final String separator;

  /**
   * @param fields the field paths to export, in order; {@code _id} is always the first column and is not repeated
   * @param fieldsName column names by field path, for the header
   */
  CsvExport(List<String> fields, Map<String, String> fieldsName, String separator) {
    this.fields = fields.stream().filter(field -> !field.equals("_id")).toList();
    this.fieldsName = Map.copyOf(fieldsName);
    this.separator = separator;
  }

  @Override
  public String contentType() {
    return "text/csv";
  }

  @Override
  public String extension() {
    return "csv";
  }

  @Override
  public void header(Buffer out) {
    StringBuilder line = new StringBuilder(escape(fieldsName.getOrDefault("_id", "_id")));
    for (String field : fields) {
      line.append(separator).append(escape(fieldsName.getOrDefault(field, field)));
    }
    out.appendString(line.append('\n').toString());
  }

  @Override
  public void line(Buffer out, SearchResult.Hit hit) {
    StringBuilder line = new StringBuilder(escape(hit.id()));
    for (String field : fields) {
      line.append(separator).append(escape(cell(valueAt(hit.source(), field))));
    }
    out.appendString(line.append('\n').toString());
  }

  /**
   * The leaf fields of a collection's mapping, the columns Kuzzle exports when no {@code fields} are given: the path
   * of every property without sub-properties, names sorted at each level as Elasticsearch lists them.
   */
  static List<String> mappedFields(JsonObject properties) {
    List<String> paths = new ArrayList<>();
    collect(properties, "", paths);
    return paths;
  }

  private static void collect(JsonObject properties, String prefix, List<String> paths) {
    for (String name : new TreeSet<>(properties.fieldNames())) {
      JsonObject nested = properties.getValue(name) instanceof JsonObject definition
        ? definition.getJsonObject("properties") : null;
      if (nested != null) {
        collect(nested, prefix + name + ".", paths);
      } else {
        paths.add(prefix + name);
      }
    }
  }

  /** The value at a lodash path: the key itself if the object has it, else keys split on dots and brackets. */
  static Object valueAt(JsonObject source, String path) {
    if (source == null) {
      return null;
    }
    if (source.containsKey(path)) {
      return source.getValue(path);
    }
    Object current = source;
    for (String key : path.split("[.\\[\\]]")) {
      if (key.isEmpty()) {
        continue;
      }
      current = child(current, unquote(key));
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  private static Object child(Object parent, String key) {
    if (parent instanceof JsonObject object) {
      return object.getValue(key);
    }
    if (parent instanceof JsonArray array && key.matches("\\d{1,9}")) {
      int position = Integer.parseInt(key);
      return position < array.size() ? array.getValue(position) : null;
    }
    return null;
  }

  private static String unquote(String key) {
    boolean quoted = key.length() >= 2 && (key.charAt(0) == '"' || key.charAt(0) == '\'')
      && key.charAt(key.length() - 1) == key.charAt(0);
    return quoted ? key.substring(1, key.length() - 1) : key;
  }

  /** A value as Kuzzle prints it in a cell; numbers as JavaScript writes them for the common cases. */
  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof JsonObject || value instanceof JsonArray || value instanceof Map || value instanceof List) {
      return NOT_SCALAR;
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      // Limitation: other doubles print as Java does (1.0E-7 where JavaScript writes 1e-7).
      if (number == Math.rint(number) && Math.abs(number) < 1e21) {
        return String.valueOf((long) number);
      }
    }
    return String.valueOf(value);
  }

  private String escape(String cell) {
    boolean quote = cell.contains(separator) || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
      || cell.indexOf('\r') >= 0;
    return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
  }
}
