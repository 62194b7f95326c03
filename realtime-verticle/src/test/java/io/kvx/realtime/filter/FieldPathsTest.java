package io.kvx.realtime.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@link FieldPaths} against the full flattening of {@link FlatDocument#of}: on the registered fields, both must give
 * the same values, dotted keys, nested objects, Vert.x containers and keys naming one path twice included.
 */
class FieldPathsTest {

  private static final String[] PARTS = {"a", "b", "c", "a.b", "b.c", ""};
  private static final String[] FIELDS = {"a", "b", "a.b", "a.b.c", "b.c", "c.a.b", "a.", "a.c", "b.a.b.c"};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void flatten_whenRandomDocumentsAndPaths_agreesWithFullFlattening(long seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 300; round++) {
      FieldPaths paths = new FieldPaths();
      List<String> registered = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(6); i++) {
        String field = FIELDS[random.nextInt(FIELDS.length)];
        paths.add(field);
        registered.add(field);
      }
      if (random.nextBoolean()) {
        String dropped = registered.remove(random.nextInt(registered.size()));
        paths.remove(dropped);
      }
      for (int d = 0; d < 20; d++) {
        Map<String, Object> document = object(random, 3);
        assertSameFields(paths.flatten(document), FlatDocument.of(document), registered, document);
      }
    }
  }

  @Test
  void flatten_whenTwoKeysNameOnePath_lastOneWins() {
    FieldPaths paths = new FieldPaths();
    paths.add("a.b");
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("a.b", 1);
    document.put("a", Map.of("b", 2));
    assertThat(paths.flatten(document).get("a.b")).isEqualTo(2.0);
    Map<String, Object> reversed = new LinkedHashMap<>();
    reversed.put("a", Map.of("b", 2));
    reversed.put("a.b", 1);
    assertThat(paths.flatten(reversed).get("a.b")).isEqualTo(1.0);
  }

  @Test
  void flatten_whenVertxContainersAndIntegers_normalizesLikeFullFlattening() {
    FieldPaths paths = new FieldPaths();
    paths.add("n");
    paths.add("o");
    paths.add("o.x");
    JsonObject document = new JsonObject().put("n", -0.0).put("o", new JsonObject().put("x", 3).put("l", List.of(1)));
    FlatDocument flat = paths.flatten(document.getMap());
    FlatDocument full = FlatDocument.of(document.getMap());
    for (String field : List.of("n", "o", "o.x")) {
      assertThat(flat.get(field)).as(field).isEqualTo(full.get(field));
    }
    assertThat(Double.doubleToRawLongBits((Double) flat.get("n"))).isZero();
  }

  private static void assertSameFields(FlatDocument actual, FlatDocument expected, List<String> fields,
      Map<String, Object> document) {
    Map<String, Object> onlyRegistered = new HashMap<>();
    expected.entries().forEach(entry -> {
      if (fields.contains(entry.getKey())) {
        onlyRegistered.put(entry.getKey(), entry.getValue());
      }
    });
    Map<String, Object> got = new HashMap<>();
    actual.entries().forEach(entry -> got.put(entry.getKey(), entry.getValue()));
    assertThat(got).as("fields %s, document %s", fields, document).isEqualTo(onlyRegistered);
  }

  private static Map<String, Object> object(Random random, int depth) {
    Map<String, Object> object = new LinkedHashMap<>();
    for (int i = 0; i < random.nextInt(5); i++) {
      String key = PARTS[random.nextInt(PARTS.length)];
      int kind = random.nextInt(depth > 0 ? 5 : 3);
      object.put(key, kind == 0 ? random.nextInt(3) : kind == 1 ? null : kind == 2 ? List.of(1, "x")
        : object(random, depth - 1));
    }
    return object;
  }
}
