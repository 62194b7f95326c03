package io.kvx.realtime.filter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simplifies one conjunction, field by field, when the outcome is obvious: ranges on a field are intersected; a
 * positive {@code equals} fixes the field's value and so decides every other condition on that field; any positive
 * condition on a field implies {@code exists} on it. Returns null when the conjunction can never match.
 */
final class ConjunctionSimplifier {

  private ConjunctionSimplifier() {
  }

  static Conjunction simplify(Collection<Literal> literals) {
    Map<String, List<Literal>> byField = new LinkedHashMap<>();
    literals.forEach(literal -> byField.computeIfAbsent(literal.condition().field(), f -> new ArrayList<>())
      .add(literal));
    List<Literal> result = new ArrayList<>();
    for (List<Literal> fieldLiterals : byField.values()) {
      List<Literal> simplified = simplifyField(fieldLiterals);
      if (simplified == null) {
        return null;
      }
      result.addAll(simplified);
    }
    return new Conjunction(result);
  }

  private static List<Literal> simplifyField(List<Literal> literals) {
    List<Literal> merged = mergeRanges(literals);
    if (merged == null) {
      return null;
    }
    EqualsCondition equals = positiveEquals(merged);
    if (equals == null && merged.stream().noneMatch(l -> !l.negated() && !isPlainExists(l))) {
      return merged;
    }
    List<Literal> kept = new ArrayList<>();
    for (Literal literal : merged) {
      Boolean implied = implied(literal, equals);
      if (Boolean.FALSE.equals(implied)) {
        return null;
      }
      if (implied == null) {
        kept.add(literal);
      }
    }
    return kept;
  }

  /**
   * Whether the rest of the conjunction already decides a literal: TRUE (redundant), FALSE (contradiction) or null
   * (keep it). {@code equals} is the positive equals on the field, if any; other positives imply the field exists.
   */
  private static Boolean implied(Literal literal, EqualsCondition equals) {
    Condition condition = literal.condition();
    if (isPlainExists(literal)) {
      // Any other positive literal on the field implies it exists.
      return literal.negated() ? Boolean.FALSE : Boolean.TRUE;
    }
    if (equals == null || condition == equals) {
      return null;
    }
    // Every condition on the field reads only the field's value, which the equals fixes.
    boolean decided = condition.test(FlatDocument.single(equals.field(), equals.value()));
    return decided != literal.negated();
  }

  private static boolean isPlainExists(Literal literal) {
    return literal.condition() instanceof ExistsCondition && !((ExistsCondition) literal.condition()).array();
  }

  private static EqualsCondition positiveEquals(List<Literal> literals) {
    for (Literal literal : literals) {
      if (!literal.negated() && literal.condition() instanceof EqualsCondition) {
        return (EqualsCondition) literal.condition();
      }
    }
    return null;
  }

  private static List<Literal> mergeRanges(List<Literal> literals) {
    RangeCondition range = null;
    List<Literal> others = new ArrayList<>();
    for (Literal literal : literals) {
      if (!literal.negated() && literal.condition() instanceof RangeCondition) {
        RangeCondition next = (RangeCondition) literal.condition();
        range = range == null ? next : range.intersect(next);
        if (range == null) {
          return null;
        }
      } else {
        others.add(literal);
      }
    }
    if (range != null) {
      others.add(new Literal(range, false));
    }
    return others;
  }
}
