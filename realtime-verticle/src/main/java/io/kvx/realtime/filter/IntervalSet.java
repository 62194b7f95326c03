package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Items keyed by a range of one field, answering "which ranges contain x" in O(log² n + k). It is a logarithmic set
 * of static levels (Bentley–Saxe): each level keeps its bounds in primitive arrays sorted by lower bound, with an
 * implicit balanced tree storing the largest upper bound of each subtree; levels of similar sizes merge on insertion
 * (amortized O(log n)), and removed slots are skipped until they outnumber the live ones, when everything is rebuilt
 * into one level. So are the levels once stabs outnumber the live slots since the last change: a set that stopped
 * changing is read as one sorted level, in O(log n + k). {@link #add} returns the handle {@link #remove} takes; an
 * item added twice has two slots.
 *
 * @param <T> the items: conditions in the range index, sub-filters in a driver's ranged candidates
 */
final class IntervalSet<T> {

  private static final Comparator<Slot<?>> BY_LOW = Comparator.comparingDouble(slot -> slot.range.low());
  private static final byte LOW_INCLUSIVE = 1;
  private static final byte HIGH_INCLUSIVE = 2;

  private final List<Level<T>> levels = new ArrayList<>(2);
  private int live;
  private int removed;
  /** Stabs since the last change; once they outnumber the live slots, the levels are merged into one. */
  private int stabsSinceChange;

  /** Adds an item under a range and returns the handle that removes it. */
  Object add(T item, RangeCondition range) {
    live++;
    stabsSinceChange = 0;
    Slot<T> slot = new Slot<>(item, range);
    Level<T> level = new Level<>(List.of(slot));
    while (!levels.isEmpty() && levels.get(levels.size() - 1).size() <= level.size()) {
      level = merge(levels.remove(levels.size() - 1), level);
    }
    levels.add(level);
    return slot;
  }

  void remove(Object handle) {
    Slot<?> slot = (Slot<?>) handle;
    slot.removed = true;
    slot.level.removed[slot.index] = true;
    stabsSinceChange = 0;
    live--;
    removed++;
    if (removed > 64 && removed > live) {
      rebuild();
    }
  }

  boolean isEmpty() {
    return live == 0;
  }

  /** Hands {@code action} every item whose range contains {@code value}. */
  void stab(double value, Consumer<? super T> action) {
    if (levels.size() > 1 && ++stabsSinceChange > live) {
      rebuild();
    }
    for (Level<T> level : levels) {
      level.stab(0, level.size(), value, action);
    }
  }

  private void rebuild() {
    List<Slot<T>> all = new ArrayList<>(live);
    for (Level<T> level : levels) {
      for (Slot<T> slot : level.slots) {
        if (!slot.removed) {
          all.add(slot);
        }
      }
    }
    all.sort(BY_LOW);
    levels.clear();
    removed = 0;
    if (!all.isEmpty()) {
      levels.add(new Level<>(all));
    }
  }

  private Level<T> merge(Level<T> first, Level<T> second) {
    List<Slot<T>> merged = new ArrayList<>(first.size() + second.size());
    int i = 0;
    int j = 0;
    while (i < first.size() || j < second.size()) {
      boolean takeFirst = j >= second.size()
        || i < first.size() && BY_LOW.compare(first.slots[i], second.slots[j]) <= 0;
      Slot<T> next = takeFirst ? first.slots[i++] : second.slots[j++];
      if (next.removed) {
        removed--;
      } else {
        merged.add(next);
      }
    }
    return new Level<>(merged);
  }

  /** One insertion of an item; a removed slot stays in its level until the next merge or rebuild. */
  private static final class Slot<T> {

    final T item;
    final RangeCondition range;
    boolean removed;
    /** Where the slot is now. */
    Level<T> level;
    int index;

    Slot(T item, RangeCondition range) {
      this.item = item;
      this.range = range;
    }
  }

  /**
   * One static level: bounds sorted by lower bound, in arrays a stab reads without touching the slots; maxHigh[mid]
   * covers the subtree rooted at mid.
   */
  private static final class Level<T> {

    final Slot<T>[] slots;
    final Object[] items;
    final boolean[] removed;
    final double[] lows;
    final double[] highs;
    final byte[] inclusive;
    final double[] maxHigh;

    @SuppressWarnings("unchecked")
    Level(List<Slot<T>> sorted) {
      int size = sorted.size();
      this.slots = sorted.toArray(new Slot[0]);
      this.items = new Object[size];
      this.removed = new boolean[size];
      this.lows = new double[size];
      this.highs = new double[size];
      this.inclusive = new byte[size];
      this.maxHigh = new double[size];
      for (int i = 0; i < size; i++) {
        slots[i].level = this;
        slots[i].index = i;
        items[i] = slots[i].item;
        RangeCondition range = slots[i].range;
        lows[i] = range.low();
        highs[i] = range.high();
        inclusive[i] = (byte) ((range.lowInclusive() ? LOW_INCLUSIVE : 0) | (range.highInclusive() ? HIGH_INCLUSIVE
          : 0));
      }
      build(0, size);
    }

    int size() {
      return slots.length;
    }

    private double build(int from, int to) {
      if (from >= to) {
        return Double.NEGATIVE_INFINITY;
      }
      int mid = (from + to) >>> 1;
      double max = Math.max(highs[mid], Math.max(build(from, mid), build(mid + 1, to)));
      maxHigh[mid] = max;
      return max;
    }

    @SuppressWarnings("unchecked")
    void stab(int from, int to, double value, Consumer<? super T> action) {
      while (from < to) {
        int mid = (from + to) >>> 1;
        if (maxHigh[mid] < value) {
          return;
        }
        stab(from, mid, value, action);
        if (lows[mid] > value) {
          return;
        }
        if (contains(mid, value) && !removed[mid]) {
          action.accept((T) items[mid]);
        }
        from = mid + 1;
      }
    }

    private boolean contains(int i, double value) {
      byte flags = inclusive[i];
      boolean aboveLow = (flags & LOW_INCLUSIVE) != 0 ? value >= lows[i] : value > lows[i];
      boolean belowHigh = (flags & HIGH_INCLUSIVE) != 0 ? value <= highs[i] : value < highs[i];
      return aboveLow && belowHigh;
    }
  }
}
