package io.kvx.bench.filters;

import io.vertx.core.json.JsonObject;

/**
 * One scenario of the data set: a file of distinct filters of one kind.
 *
 * @param name for example {@code equals-100k}
 * @param kind {@code equals}, {@code in}, {@code exists}, {@code range}, {@code geoDistance}, {@code geoBoundingBox},
 *     {@code and}, {@code bool} or {@code compound-broad}
 * @param filters the number of filters in the file
 * @param file the file name, in the data directory, one filter per line
 */
record Scenario(String name, String kind, int filters, String file) {

  static Scenario fromJson(JsonObject json) {
    return new Scenario(json.getString("name"), json.getString("kind"), json.getInteger("filters"),
      json.getString("file"));
  }
}
