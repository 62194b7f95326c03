package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The ranges of one field, answering "which ranges contain x" in O(log² n + k). It is a logarithmic set of static
 * levels (Bentley–Saxe): each level is an array sorted by lower bound with an implicit balanced tree storing the
 * largest upper bound of each subtree, levels of similar sizes merge on insertion (amortized O(log n)), and removed
 * slots are skipped until they outnumber the live ones, when everything is rebuilt into one level. An entry is held
 * through a {@link Slot}, so an entry removed then added again has one live slot and maybe a dead one.
 */
final class IntervalSet {

  private static final Comparator<Slot> BY_LOW = Comparator.comparingDouble(e -> range(e).low());

  private final List<Level> levels = new ArrayList<>();
  private int live;
  private int removed;

  void add(ConditionEntry entry) {
    live++;
    Slot slot = new Slot(entry);
    entry.indexHandle = slot;
    Level level = new Level(new Slot[] {slot});
    while (!levels.isEmpty() && levels.get(levels.size() - 1).entries.length <= level.entries.length) {
      level = merge(levels.remove(levels.size() - 1), level);
    }
    levels.add(level);
  }

  void remove(ConditionEntry entry) {
    ((Slot) entry.indexHandle).removed = true;
    entry.indexHandle = null;
    live--;
    removed++;
    if (removed > 64 && removed > live) {
      rebuild();
    }
  }

  boolean isEmpty() {
    return live == 0;
  }

  void stab(double value, MatchSink sink) {
    for (Level level : levels) {
      level.stab(0, level.entries.length, value, sink);
    }
  }

  private void rebuild() {
    List<Slot> all = new ArrayList<>(live);
    for (Level level : levels) {
      for (Slot slot : level.entries) {
        if (!slot.removed) {
          all.add(slot);
        }
      }
    }
    Slot[] sorted = all.toArray(new Slot[0]);
    Arrays.sort(sorted, BY_LOW);
    levels.clear();
    removed = 0;
    if (sorted.length > 0) {
      levels.add(new Level(sorted));
    }
  }

  private Level merge(Level first, Level second) {
    Slot[] merged = new Slot[first.entries.length + second.entries.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < first.entries.length || j < second.entries.length) {
      boolean takeFirst = j >= second.entries.length
        || i < first.entries.length && BY_LOW.compare(first.entries[i], second.entries[j]) <= 0;
      Slot next = takeFirst ? first.entries[i++] : second.entries[j++];
      if (next.removed) {
        removed--;
      } else {
        merged[k++] = next;
      }
    }
    return new Level(Arrays.copyOf(merged, k));
  }

  private static RangeCondition range(Slot slot) {
    return (RangeCondition) slot.entry.condition;
  }

  /** One insertion of an entry; a removed slot stays in its level until the next merge or rebuild. */
  private static final class Slot {

    final ConditionEntry entry;
    boolean removed;

    Slot(ConditionEntry entry) {
      this.entry = entry;
    }
  }

  /** One static level: entries sorted by lower bound; maxHigh[mid] covers the subtree rooted at mid. */
  private static final class Level {

    final Slot[] entries;
    final double[] lows;
    final double[] maxHigh;

    Level(Slot[] entries) {
      this.entries = entries;
      this.lows = new double[entries.length];
      this.maxHigh = new double[entries.length];
      for (int i = 0; i < entries.length; i++) {
        lows[i] = range(entries[i]).low();
      }
      build(0, entries.length);
    }

    private double build(int from, int to) {
      if (from >= to) {
        return Double.NEGATIVE_INFINITY;
      }
      int mid = (from + to) >>> 1;
      double max = Math.max(range(entries[mid]).high(), Math.max(build(from, mid), build(mid + 1, to)));
      maxHigh[mid] = max;
      return max;
    }

    void stab(int from, int to, double value, MatchSink sink) {
      if (from >= to) {
        return;
      }
      int mid = (from + to) >>> 1;
      if (maxHigh[mid] < value) {
        return;
      }
      stab(from, mid, value, sink);
      if (lows[mid] > value) {
        return;
      }
      Slot slot = entries[mid];
      if (!slot.removed && range(slot).contains(value)) {
        sink.add(slot.entry);
      }
      stab(mid + 1, to, value, sink);
    }
  }
}
