package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The geo shapes of one field in a multi-resolution grid of latitude/longitude cells. Each shape goes to the finest
 * level where its covering boxes span at most {@link #MAX_CELLS} cells, so a lookup costs one hash probe per level in
 * use, then an exact test of the shapes found in the point's cells.
 */
final class GeoGrid {

  private static final double[] CELL_DEGREES = {0.01, 0.05, 0.25, 1, 5, 20, 90, 360};
  private static final int MAX_CELLS = 16;

  private final Map<Long, List<ConditionEntry>> cells = new HashMap<>();
  private final int[] shapesPerLevel = new int[CELL_DEGREES.length];
  private int size;

  void add(ConditionEntry entry) {
    List<double[]> boxes = shape(entry).boxes();
    int level = level(boxes);
    shapesPerLevel[level]++;
    size++;
    forEachCell(level, boxes, key -> cells.computeIfAbsent(key, k -> new ArrayList<>(2)).add(entry));
  }

  void remove(ConditionEntry entry) {
    List<double[]> boxes = shape(entry).boxes();
    int level = level(boxes);
    shapesPerLevel[level]--;
    size--;
    forEachCell(level, boxes, key -> {
      List<ConditionEntry> list = cells.get(key);
      list.remove(entry);
      if (list.isEmpty()) {
        cells.remove(key);
      }
    });
  }

  boolean isEmpty() {
    return size == 0;
  }

  void collect(double lat, double lon, MatchSink sink) {
    for (int level = 0; level < CELL_DEGREES.length; level++) {
      if (shapesPerLevel[level] == 0) {
        continue;
      }
      List<ConditionEntry> list = cells.get(key(level, cell(lat + 90, level), cell(lon + 180, level)));
      if (list != null) {
        for (ConditionEntry entry : list) {
          if (shape(entry).contains(lat, lon)) {
            sink.add(entry);
          }
        }
      }
    }
  }

  private static int level(List<double[]> boxes) {
    for (int level = 0; level < CELL_DEGREES.length - 1; level++) {
      long count = 0;
      for (double[] box : boxes) {
        count += cellSpan(box[0] + 90, box[2] + 90, level) * cellSpan(box[1] + 180, box[3] + 180, level);
      }
      if (count <= MAX_CELLS) {
        return level;
      }
    }
    return CELL_DEGREES.length - 1;
  }

  private static long cellSpan(double from, double to, int level) {
    return Math.max(0, cell(to, level) - cell(from, level) + 1);
  }

  private static void forEachCell(int level, List<double[]> boxes, LongConsumer action) {
    for (double[] box : boxes) {
      for (long lat = cell(box[0] + 90, level); lat <= cell(box[2] + 90, level); lat++) {
        for (long lon = cell(box[1] + 180, level); lon <= cell(box[3] + 180, level); lon++) {
          action.accept(key(level, lat, lon));
        }
      }
    }
  }

  private static long cell(double shifted, int level) {
    return (long) Math.floor(shifted / CELL_DEGREES[level]);
  }

  /**
   * The cell's key: level, latitude and longitude indexes packed, then multiplied by an odd constant (a bijection),
   * because the packed value's {@code Long.hashCode} collides a lot and turned the map's buckets into trees.
   */
  private static long key(int level, long lat, long lon) {
    return ((long) level << 56 | lat << 28 | lon) * 0x9E37_79B9_7F4A_7C15L;
  }

  private static GeoShape shape(ConditionEntry entry) {
    return ((GeoCondition) entry.condition).shape();
  }
}
