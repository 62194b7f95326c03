package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DNF clean-up between conjunctions: duplicates go, a conjunction containing another one is absorbed
 * ({@code A | A&B = A}), and two conjunctions that differ by one negated literal merge ({@code X&A | X&!A = X}),
 * until nothing changes.
 */
final class Absorption {

  private Absorption() {
  }

  static List<Conjunction> reduce(List<Conjunction> conjunctions) {
    List<Conjunction> current = dedupe(conjunctions);
    if (current.size() < 2) {
      return current;
    }
    while (true) {
      List<Conjunction> merged = mergeComplements(current);
      List<Conjunction> next = absorb(dedupe(merged));
      if (next.size() == current.size()) {
        return next;
      }
      current = next;
    }
  }

  private static List<Conjunction> dedupe(List<Conjunction> conjunctions) {
    Map<String, Conjunction> byKey = new LinkedHashMap<>();
    conjunctions.forEach(conjunction -> byKey.putIfAbsent(conjunction.key(), conjunction));
    return new ArrayList<>(byKey.values());
  }

  private static List<Conjunction> absorb(List<Conjunction> conjunctions) {
    List<Conjunction> sorted = new ArrayList<>(conjunctions);
    sorted.sort(Comparator.comparingInt((Conjunction c) -> c.literals().size()).thenComparing(Conjunction::key));
    List<Conjunction> kept = new ArrayList<>();
    List<Set<String>> keptKeys = new ArrayList<>();
    for (Conjunction candidate : sorted) {
      Set<String> keys = keys(candidate);
      if (keptKeys.stream().noneMatch(keys::containsAll)) {
        kept.add(candidate);
        keptKeys.add(keys);
      }
    }
    return kept;
  }

  private static List<Conjunction> mergeComplements(List<Conjunction> conjunctions) {
    Map<String, Conjunction> byKey = new LinkedHashMap<>();
    conjunctions.forEach(conjunction -> byKey.put(conjunction.key(), conjunction));
    List<Conjunction> result = new ArrayList<>();
    Set<String> consumed = new HashSet<>();
    for (Conjunction conjunction : conjunctions) {
      if (consumed.contains(conjunction.key())) {
        continue;
      }
      Conjunction merged = mergeOne(conjunction, byKey, consumed);
      result.add(merged == null ? conjunction : merged);
    }
    return result;
  }

  private static Conjunction mergeOne(Conjunction conjunction, Map<String, Conjunction> byKey, Set<String> consumed) {
    List<Literal> literals = conjunction.literals();
    for (int i = 0; i < literals.size(); i++) {
      List<Literal> flipped = new ArrayList<>(literals);
      flipped.set(i, literals.get(i).negate());
      String partnerKey = new Conjunction(flipped).key();
      if (byKey.containsKey(partnerKey) && !consumed.contains(partnerKey)) {
        consumed.add(partnerKey);
        consumed.add(conjunction.key());
        List<Literal> rest = new ArrayList<>(literals);
        rest.remove(i);
        return new Conjunction(rest);
      }
    }
    return null;
  }

  private static Set<String> keys(Conjunction conjunction) {
    Set<String> keys = new HashSet<>();
    conjunction.literals().forEach(literal -> keys.add(literal.key()));
    return keys;
  }
}
