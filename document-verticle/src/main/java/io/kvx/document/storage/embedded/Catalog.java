package io.kvx.document.storage.embedded;

import io.kvx.core.error.KuzzleError;
import io.kvx.document.storage.CollectionMapping;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The indexes and collections of the embedded engine, with each collection's mapping and settings, kept on disk:
 * one directory per index holding {@code index.json}, one directory per collection holding {@code collection.json}
 * and the collection's Lucene index. Files are replaced atomically and synced before a change is acknowledged. Not
 * thread-safe: the engine uses it from its storage thread only.
 */
final class Catalog {

  private static final String INDEX_FILE = "index.json";
  private static final String COLLECTION_FILE = "collection.json";
  private static final String LUCENE = "lucene";

  private final Path root;
  /** index → collection → {mapping, settings}. */
  private final Map<String, Map<String, JsonObject>> indexes = new TreeMap<>();

  Catalog(Path root) {
    this.root = root;
  }

  /** Reads what the data directory holds. */
  void load() throws IOException {
    Files.createDirectories(root);
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path index : dirs.filter(p -> Files.isRegularFile(p.resolve(INDEX_FILE))).toList()) {
        Map<String, JsonObject> collections = new TreeMap<>();
        try (Stream<Path> children = Files.list(index)) {
          for (Path collection : children.filter(p -> Files.isRegularFile(p.resolve(COLLECTION_FILE))).toList()) {
            collections.put(collection.getFileName().toString(), new JsonObject(Files.readString(
              collection.resolve(COLLECTION_FILE))));
          }
        }
        indexes.put(index.getFileName().toString(), collections);
      }
    }
  }

  boolean hasIndex(String index) {
    return indexes.containsKey(index);
  }

  boolean hasCollection(String index, String collection) {
    Map<String, JsonObject> collections = indexes.get(index);
    return collections != null && collections.containsKey(collection);
  }

  /** Index names, sorted. */
  List<String> indexes() {
    return List.copyOf(indexes.keySet());
  }

  /** Collection names of an index, sorted; {@code services.storage.unknown_index} if there is none. */
  List<String> collections(String index) {
    requireIndex(index);
    return List.copyOf(indexes.get(index).keySet());
  }

  void createIndex(String index) throws IOException {
    Path dir = Files.createDirectories(root.resolve(index));
    writeDurably(dir.resolve(INDEX_FILE), new JsonObject().put("createdAt", System.currentTimeMillis()));
    indexes.put(index, new TreeMap<>());
  }

  /** Forgets an index and deletes its directory; its collections must be closed first. */
  void deleteIndex(String index) throws IOException {
    indexes.remove(index);
    deleteTree(root.resolve(index));
  }

  /**
   * Creates or updates a collection: the mapping merged into the current one ({@code requested} null keeps it),
   * settings replaced when given. Answers the collection's mapping after the change.
   *
   * @param given the mapping as the request gave it, to tell which of {@code dynamic} and {@code _meta} it sets
   */
  CollectionMapping saveCollection(String index, String collection, CollectionMapping requested, JsonObject given,
      JsonObject settings) throws IOException {
    JsonObject current = indexes.get(index).get(collection);
    CollectionMapping base = current == null ? CollectionMapping.empty()
      : CollectionMapping.fromJson(current.getJsonObject("mapping"));
    CollectionMapping next = requested == null ? base
      : base.merge(requested, given.containsKey("dynamic"), given.containsKey("_meta"));
    JsonObject nextSettings = settings != null ? settings.copy()
      : current == null ? new JsonObject() : current.getJsonObject("settings");
    JsonObject meta = new JsonObject().put("mapping", next.toJson(false)).put("settings", nextSettings);
    Path dir = Files.createDirectories(root.resolve(index).resolve(collection));
    writeDurably(dir.resolve(COLLECTION_FILE), meta);
    indexes.get(index).put(collection, meta);
    return next;
  }

  /** Saves a mapping that {@code dynamic: true} grew while indexing. */
  void saveGrownMapping(String index, String collection, CollectionMapping grown) throws IOException {
    JsonObject meta = indexes.get(index).get(collection).copy().put("mapping", grown.toJson(false));
    writeDurably(root.resolve(index).resolve(collection).resolve(COLLECTION_FILE), meta);
    indexes.get(index).put(collection, meta);
  }

  /** Forgets a collection and deletes its directory; it must be closed first. */
  void deleteCollection(String index, String collection) throws IOException {
    indexes.get(index).remove(collection);
    deleteTree(root.resolve(index).resolve(collection));
  }

  CollectionMapping mapping(String index, String collection) {
    return CollectionMapping.fromJson(requireCollection(index, collection).getJsonObject("mapping"));
  }

  JsonObject settings(String index, String collection) {
    return requireCollection(index, collection).getJsonObject("settings").copy();
  }

  /** Where a collection's Lucene index lives. */
  Path luceneDir(String index, String collection) {
    return root.resolve(index).resolve(collection).resolve(LUCENE);
  }

  /** Bytes a collection takes on disk. */
  long size(String index, String collection) {
    try (Stream<Path> paths = Files.walk(root.resolve(index).resolve(collection))) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void requireIndex(String index) {
    if (!indexes.containsKey(index)) {
      throw KuzzleError.of("services.storage.unknown_index", index);
    }
  }

  /** The collection's {@code {mapping, settings}}; {@code unknown_index} or {@code unknown_collection} if missing. */
  JsonObject requireCollection(String index, String collection) {
    requireIndex(index);
    JsonObject meta = indexes.get(index).get(collection);
    if (meta == null) {
      throw KuzzleError.of("services.storage.unknown_collection", index, collection);
    }
    return meta;
  }

  private static void writeDurably(Path file, JsonObject content) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(ByteBuffer.wrap(content.encode().getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
    }
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path path : all) {
        Files.delete(path);
      }
    }
  }
}
