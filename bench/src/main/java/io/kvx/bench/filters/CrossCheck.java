package io.kvx.bench.filters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compares, document by document, the filters two engines matched: the check files hold one line per document with
 * the line numbers of the matched filters.
 *
 * @param documentsDiffering documents whose sets of matched filters differ
 * @param onlyFirst matches found by the first engine only
 * @param onlySecond matches found by the second engine only
 * @param examples the first differences, in document order
 */
record CrossCheck(int documentsDiffering, long onlyFirst, long onlySecond, List<Difference> examples) {

  private static final int EXAMPLES = 3;

  /**
   * One filter matched by one engine only.
   *
   * @param document the document's line number (0-based) in the documents file
   * @param filter the filter's line number (0-based) in the scenario's filter file
   * @param byFirst whether the first engine is the one that matched
   */
  record Difference(int document, int filter, boolean byFirst) {
  }

  static CrossCheck compare(Path first, Path second) throws IOException {
    List<String> firstLines = Files.readAllLines(first);
    List<String> secondLines = Files.readAllLines(second);
    if (firstLines.size() != secondLines.size()) {
      throw new IllegalStateException(first + " and " + second + " do not cover the same documents");
    }
    int differing = 0;
    long onlyFirst = 0;
    long onlySecond = 0;
    List<Difference> examples = new ArrayList<>();
    for (int document = 0; document < firstLines.size(); document++) {
      Set<Integer> a = filters(firstLines.get(document));
      Set<Integer> b = filters(secondLines.get(document));
      if (a.equals(b)) {
        continue;
      }
      differing++;
      List<Difference> firstOnly = missing(document, a, b, true);
      List<Difference> secondOnly = missing(document, b, a, false);
      onlyFirst += firstOnly.size();
      onlySecond += secondOnly.size();
      Stream.concat(firstOnly.stream(), secondOnly.stream()).limit(Math.max(0, EXAMPLES - examples.size()))
        .forEach(examples::add);
    }
    return new CrossCheck(differing, onlyFirst, onlySecond, examples);
  }

  boolean same() {
    return documentsDiffering == 0;
  }

  /** The filters in {@code from} but not in {@code other}, as differences of one document. */
  private static List<Difference> missing(int document, Set<Integer> from, Set<Integer> other, boolean byFirst) {
    return from.stream().filter(filter -> !other.contains(filter))
      .map(filter -> new Difference(document, filter, byFirst)).collect(Collectors.toList());
  }

  private static Set<Integer> filters(String line) {
    return line.isBlank() ? Set.of()
      : Arrays.stream(line.trim().split(" ")).map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
  }
}
