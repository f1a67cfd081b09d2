package dev.skein.traceql.internal.eval;

import dev.skein.traceql.ast.SpansetOp;
import dev.skein.traceql.ast.SpansetOp.Relation;
import dev.skein.traceql.eval.SpanView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural joins on nested-set numbers, in O((|L| + |R|) log |L|): no tree is rebuilt. A span
 * with an unknown (non-positive) left number takes part in no relation.
 */
final class Structural {
  private Structural() {}

  /** The spans a structural operator returns for left-hand {@code l} and right-hand {@code r}. */
  static List<SpanView> join(SpansetOp op, List<SpanView> l, List<SpanView> r) {
    Relation rel = op.relation();
    Index left = new Index(l);
    List<SpanView> related = new ArrayList<>();
    List<SpanView> unrelated = new ArrayList<>();
    for (SpanView s : r) {
      (left.relates(rel, s) ? related : unrelated).add(s);
    }
    return switch (op.mode()) {
      case RIGHT -> related;
      case NEGATED -> unrelated;
      case UNION -> {
        Index right = new Index(related);
        List<SpanView> out = new ArrayList<>(related);
        for (SpanView s : l) {
          if (right.relates(inverse(rel), s)) {
            out.add(s);
          }
        }
        yield out;
      }
      case NONE -> throw new IllegalArgumentException("not structural: " + op);
    };
  }

  private static Relation inverse(Relation rel) {
    return switch (rel) {
      case CHILD -> Relation.PARENT;
      case PARENT -> Relation.CHILD;
      case DESCENDANT -> Relation.ANCESTOR;
      case ANCESTOR -> Relation.DESCENDANT;
      default -> rel;
    };
  }

  /** An index over a set A of spans answering "does span s have relation rel to some a in A". */
  private static final class Index {
    private final Set<Integer> lefts = new HashSet<>();
    private final Set<Integer> parents = new HashSet<>();
    private final Map<Integer, Integer> childrenPerParent = new HashMap<>();
    private final int[] sortedLefts;
    // Outermost intervals of A, sorted by left; nested-set intervals never partially overlap.
    private final int[] outerLefts;
    private final int[] outerRights;

    Index(List<SpanView> spans) {
      List<SpanView> known = new ArrayList<>();
      for (SpanView s : spans) {
        if (s.nestedSetLeft() > 0) {
          known.add(s);
          lefts.add(s.nestedSetLeft());
          parents.add(s.nestedSetParent());
          childrenPerParent.merge(s.nestedSetParent(), 1, Integer::sum);
        }
      }
      known.sort((a, b) -> Integer.compare(a.nestedSetLeft(), b.nestedSetLeft()));
      sortedLefts = known.stream().mapToInt(SpanView::nestedSetLeft).toArray();
      int[] ol = new int[known.size()];
      int[] or = new int[known.size()];
      int n = 0;
      for (SpanView s : known) {
        if (n == 0 || s.nestedSetLeft() > or[n - 1]) {
          ol[n] = s.nestedSetLeft();
          or[n] = s.nestedSetRight();
          n++;
        }
      }
      outerLefts = Arrays.copyOf(ol, n);
      outerRights = Arrays.copyOf(or, n);
    }

    /** Whether {@code s} has relation {@code rel} (s is the rel of a) to some span a in A. */
    boolean relates(Relation rel, SpanView s) {
      int left = s.nestedSetLeft();
      if (left <= 0) {
        return false;
      }
      return switch (rel) {
        case CHILD -> lefts.contains(s.nestedSetParent());
        case PARENT -> parents.contains(left);
        case DESCENDANT -> hasAncestor(s);
        case ANCESTOR -> hasDescendant(s);
        case SIBLING -> {
          int sameParent = childrenPerParent.getOrDefault(s.nestedSetParent(), 0);
          yield sameParent - (lefts.contains(left) ? 1 : 0) > 0;
        }
        case NONE -> false;
      };
    }

    private boolean hasAncestor(SpanView s) {
      int i = Arrays.binarySearch(outerLefts, s.nestedSetLeft());
      int candidate = i >= 0 ? i - 1 : -i - 2;
      return candidate >= 0 && outerRights[candidate] > s.nestedSetRight();
    }

    private boolean hasDescendant(SpanView s) {
      int i = Arrays.binarySearch(sortedLefts, s.nestedSetLeft() + 1);
      int next = i >= 0 ? i : -i - 1;
      return next < sortedLefts.length && sortedLefts[next] < s.nestedSetRight();
    }
  }
}
