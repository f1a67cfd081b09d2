package dev.skein.traceql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.traceql.ast.SpansetOp;
import dev.skein.traceql.ast.SpansetOp.Mode;
import dev.skein.traceql.ast.SpansetOp.Relation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the nested-set structural joins against a naive walk over parent ids, on seeded random
 * trees (deterministic: the same seeds run every time).
 */
class StructuralOracleTest {
  private static final int SEEDS = 40;

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (SpansetOp op : SpansetOp.values()) {
      if (op.relation() != Relation.NONE) {
        for (int seed = 0; seed < SEEDS; seed++) {
          out.add(Arguments.argumentSet(op.symbol() + " seed " + seed, op, seed));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void structuralJoin_randomTree_matchesNaiveWalk(SpansetOp op, int seed) {
    Random random = new Random(seed);
    int size = 1 + random.nextInt(40);
    Map<String, String> parents = new HashMap<>();
    MemoryTrace.Builder b = MemoryTrace.builder("t" + seed);
    Set<String> left = new LinkedHashSet<>();
    Set<String> right = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      String id = "s" + i;
      String parent = i == 0 || random.nextInt(10) == 0 ? null : "s" + random.nextInt(i);
      boolean l = random.nextInt(3) == 0;
      boolean r = random.nextInt(3) == 0;
      parents.put(id, parent);
      if (l) {
        left.add(id);
      }
      if (r) {
        right.add(id);
      }
      b.span(id, parent, s -> s.attr("l", l).attr("r", r));
    }
    MemoryTrace trace = b.build();

    List<String> actual = Traces.matchedIds("{ span.l } " + op.symbol() + " { span.r }", trace);

    assertThat(actual).containsExactlyElementsOf(expected(op, parents, left, right, size));
  }

  private static List<String> expected(
      SpansetOp op, Map<String, String> parents, Set<String> l, Set<String> r, int size) {
    Set<String> related = new LinkedHashSet<>();
    Set<String> unrelated = new LinkedHashSet<>();
    for (String s : r) {
      boolean any = l.stream().anyMatch(a -> relates(op.relation(), s, a, parents));
      (any ? related : unrelated).add(s);
    }
    Set<String> result = new LinkedHashSet<>(op.mode() == Mode.NEGATED ? unrelated : related);
    if (op.mode() == Mode.UNION) {
      for (String a : l) {
        if (related.stream().anyMatch(s -> relates(op.relation(), s, a, parents))) {
          result.add(a);
        }
      }
    }
    List<String> ordered = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (result.contains("s" + i)) {
        ordered.add("s" + i);
      }
    }
    return ordered;
  }

  /** Whether span {@code s} stands in relation {@code rel} to span {@code a}. */
  private static boolean relates(Relation rel, String s, String a, Map<String, String> parents) {
    return switch (rel) {
      case CHILD -> a.equals(parents.get(s));
      case PARENT -> s.equals(parents.get(a));
      case DESCENDANT -> isAncestor(a, s, parents);
      case ANCESTOR -> isAncestor(s, a, parents);
      case SIBLING -> !s.equals(a) && java.util.Objects.equals(parents.get(s), parents.get(a));
      case NONE -> false;
    };
  }

  private static boolean isAncestor(String ancestor, String s, Map<String, String> parents) {
    for (String p = parents.get(s); p != null; p = parents.get(p)) {
      if (p.equals(ancestor)) {
        return true;
      }
    }
    return false;
  }
}
