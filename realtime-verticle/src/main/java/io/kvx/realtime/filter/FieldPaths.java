package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The field paths the conditions of one collection read, as a tree of path segments, so that a document is flattened
 * without copying it and without building a path string per key. The result is the {@link FlatDocument} a full
 * flattening would give, restricted to these fields: same values, normalized the same way, and the same winner when
 * two keys of the document name one path ({@code {"a.b": 1, "a": {"b": 2}}}): the one met last in the document.
 *
 * <p>Each object of the document is read one of two ways. When the registered paths below it are fewer than its
 * keys (and few), they are looked up: each under every spelling a document may use for it relative to the object
 * ({@code "b"} then {@code "c"} inside it, or {@code "b.c"}). Otherwise its keys are walked down this tree, which
 * skips every key (and every nested object) no condition reads. Should a lookup find one field twice, the document is
 * flattened again by walking only, which keeps the document's order.
 */
final class FieldPaths {

  /** Above this many registered paths below an object, its keys are walked rather than the paths looked up. */
  private static final int MAX_LOOKUPS = 16;

  private final Segment root = new Segment(null);

  /** Counts one more condition reading {@code field}. */
  void add(String field) {
    Segment segment = root;
    for (String part : split(field)) {
      Segment parent = segment;
      parent.lookups = null;
      segment = parent.children.get(part);
      if (segment == null) {
        segment = new Segment(parent.path == null ? part : parent.path + "." + part);
        parent.children.put(part, segment);
        for (Segment above = root; above != segment; above = above.children.get(pathPart(segment, above))) {
          above.descendants++;
        }
      }
    }
    segment.references++;
  }

  /** Counts one condition less reading {@code field}; segments no registered path goes through are dropped. */
  void remove(String field) {
    remove(root, split(field), 0);
  }

  /** The registered fields of the document (nested maps and lists, Vert.x JSON containers accepted). */
  FlatDocument flatten(Map<String, Object> document) {
    FlatDocument flat = new FlatDocument();
    if (document == null || root.children.isEmpty()) {
      return flat;
    }
    if (!read(root, document, flat, true)) {
      flat = new FlatDocument();
      read(root, document, flat, false);
    }
    return flat;
  }

  /** Reads the registered fields below {@code segment} from {@code object}; false when a lookup found one twice. */
  private static boolean read(Segment segment, Map<?, ?> object, FlatDocument flat, boolean lookUp) {
    if (lookUp && segment.descendants <= MAX_LOOKUPS && segment.descendants <= object.size()) {
      Lookups lookups = segment.lookups();
      for (int i = 0; i < lookups.keys.length; i++) {
        Object value = object.get(lookups.keys[i]);
        if ((value != null || object.containsKey(lookups.keys[i]))
            && !take(lookups.targets[i], value, flat, true)) {
          return false;
        }
      }
      return true;
    }
    for (Map.Entry<?, ?> entry : object.entrySet()) {
      Segment child = segment.child(String.valueOf(entry.getKey()));
      if (child != null && !take(child, entry.getValue(), flat, lookUp)) {
        return false;
      }
    }
    return true;
  }

  private static boolean take(Segment segment, Object value, FlatDocument flat, boolean lookUp) {
    if (segment.references > 0 && flat.put(segment.path, Values.normalizeShared(value)) && lookUp) {
      return false;
    }
    if (segment.children.isEmpty()) {
      return true;
    }
    Map<String, Object> nested = Values.asMap(value);
    return nested == null || read(segment, nested, flat, lookUp);
  }

  /** The part of {@code segment}'s path right below {@code above}. */
  private static String pathPart(Segment segment, Segment above) {
    String rest = above.path == null ? segment.path : segment.path.substring(above.path.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /** Returns how many segments were dropped below and at {@code segment}. */
  private static int remove(Segment segment, String[] parts, int depth) {
    int dropped = 0;
    if (depth == parts.length) {
      segment.references--;
    } else {
      Segment child = segment.children.get(parts[depth]);
      dropped = remove(child, parts, depth + 1);
      if (dropped > 0) {
        segment.lookups = null;
        segment.descendants -= dropped;
        if (child.children.isEmpty() && child.references == 0) {
          segment.children.remove(parts[depth]);
        }
      }
    }
    return segment.references == 0 && segment.children.isEmpty() ? dropped + 1 : dropped;
  }

  private static String[] split(String path) {
    return path.split("\\.", -1);
  }

  /** Every registered segment below one segment, under the key naming it in that segment's object. */
  private record Lookups(String[] keys, Segment[] targets) {
  }

  /** One segment of a registered path; {@code references} counts the conditions reading exactly this path. */
  private static final class Segment {

    final String path;
    final Map<String, Segment> children = new HashMap<>(4);
    int references;
    /** The number of segments below this one. */
    int descendants;
    /** Built when first needed, dropped when the segments below change. */
    Lookups lookups;

    Segment(String path) {
      this.path = path;
    }

    Lookups lookups() {
      if (lookups == null) {
        List<String> keys = new ArrayList<>(descendants);
        List<Segment> targets = new ArrayList<>(descendants);
        collect(this, keys, targets);
        lookups = new Lookups(keys.toArray(new String[0]), targets.toArray(new Segment[0]));
      }
      return lookups;
    }

    private void collect(Segment below, List<String> keys, List<Segment> targets) {
      for (Segment child : below.children.values()) {
        keys.add(path == null ? child.path : child.path.substring(path.length() + 1));
        targets.add(child);
        collect(child, keys, targets);
      }
    }

    /** The segment a document key leads to; a key holding dots ({@code "b.c"}) goes down one segment per part. */
    Segment child(String key) {
      Segment child = children.get(key);
      if (child != null || key.indexOf('.') < 0) {
        return child;
      }
      Segment segment = this;
      for (String part : split(key)) {
        segment = segment.children.get(part);
        if (segment == null) {
          return null;
        }
      }
      return segment;
    }
  }
}
