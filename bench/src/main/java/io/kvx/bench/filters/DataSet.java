package io.kvx.bench.filters;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The data set written by {@code bench/koncorde/generate.js}: a manifest, the documents and the filter files. */
final class DataSet {

  private final Path dir;
  private final JsonObject manifest;

  private DataSet(Path dir, JsonObject manifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  static DataSet open(Path dir) throws IOException {
    return new DataSet(dir, new JsonObject(Files.readString(dir.resolve("manifest.json"))));
  }

  long seed() {
    return manifest.getLong("seed");
  }

  /** The scenarios, in the manifest's order, restricted to {@code wanted} unless it is empty. */
  List<Scenario> scenarios(List<String> wanted) {
    return manifest.getJsonArray("scenarios").stream()
      .map(entry -> Scenario.fromJson((JsonObject) entry))
      .filter(scenario -> wanted.isEmpty() || wanted.contains(scenario.name()))
      .collect(Collectors.toList());
  }

  Scenario scenario(String name) {
    return scenarios(List.of(name)).stream().findFirst()
      .orElseThrow(() -> new IllegalArgumentException("no scenario " + name + " in " + dir));
  }

  List<String> documentLines() throws IOException {
    return lines(manifest.getString("documentsFile"));
  }

  List<String> filterLines(Scenario scenario) throws IOException {
    return lines(scenario.file());
  }

  /** A JSON line as nested maps and lists, the form the engine is given in the realtime verticle. */
  static Map<String, Object> parse(String line) {
    return new JsonObject(line).getMap();
  }

  static List<Map<String, Object>> parseAll(List<String> lines) {
    return lines.stream().map(DataSet::parse).collect(Collectors.toList());
  }

  private List<String> lines(String file) throws IOException {
    try (var stream = Files.lines(dir.resolve(file))) {
      return stream.filter(line -> !line.isEmpty()).collect(Collectors.toList());
    }
  }
}
