package dev.skein.querier.blocks;

import dev.skein.storage.block.TraceFilter;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.BinaryExpr;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.Literal;
import dev.skein.traceql.ast.Pipeline;
import dev.skein.traceql.ast.PipelineStage;
import dev.skein.traceql.ast.SpansetExpr;
import dev.skein.traceql.ast.SpansetFilter;
import dev.skein.traceql.ast.SpansetOp;
import dev.skein.traceql.ast.SpansetOperation;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.plan.Condition;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a trace must hold to match a query, as a {@link TraceFilter} blocks can check on their
 * columns before assembling traces. Sound, never exact: every trace the query matches passes the
 * filter, and the engine still evaluates the query on the traces that pass. A spanset filter's
 * boolean expression becomes a union of span conditions (its disjunctive form over comparisons of a
 * field with a literal; anything else, such as a negation or arithmetic, counts as "may hold");
 * {@code &&} and structural operators need both sides, their negated forms only the right-hand
 * side, {@code ||} either, and a pipeline its source and every spanset filter stage. Stateless.
 */
final class PushdownFilter {

  /** The most alternatives a spanset filter's expression is expanded into. */
  static final int MAX_ALTERNATIVES = 16;

  private PushdownFilter() {}

  static TraceFilter of(SpansetExpr e) {
    return switch (e) {
      case SpansetFilter f -> f.expr() == null ? TraceFilter.ANY : spans(dnf(f.expr()));
      case SpansetOperation o ->
          switch (o.op().mode()) {
            case NONE ->
                o.op() == SpansetOp.OR
                    ? new TraceFilter.Either(List.of(of(o.left()), of(o.right())))
                    : new TraceFilter.All(List.of(of(o.left()), of(o.right())));
            case RIGHT, UNION -> new TraceFilter.All(List.of(of(o.left()), of(o.right())));
            case NEGATED -> of(o.right());
          };
      case Pipeline p -> {
        List<TraceFilter> all = new ArrayList<>();
        all.add(of(p.source()));
        for (PipelineStage s : p.stages()) {
          if (s instanceof SpansetFilter f) {
            all.add(of(f)); // stages never return an empty spanset
          }
        }
        yield all.size() == 1 ? all.get(0) : new TraceFilter.All(all);
      }
    };
  }

  private static TraceFilter spans(List<List<Condition>> alternatives) {
    if (alternatives.size() == 1) {
      return new TraceFilter.Spans(alternatives.get(0));
    }
    return new TraceFilter.Either(
        alternatives.stream().<TraceFilter>map(TraceFilter.Spans::new).toList());
  }

  /**
   * The expression as alternatives of conjunctions of conditions, weakened where needed: an empty
   * conjunction means "may hold on any span".
   */
  private static List<List<Condition>> dnf(FieldExpr e) {
    if (e instanceof BinaryExpr b && b.op() == BinaryOp.AND) {
      List<List<Condition>> l = dnf(b.left());
      List<List<Condition>> r = dnf(b.right());
      if (l.size() * r.size() > MAX_ALTERNATIVES) {
        return l.size() <= r.size() ? l : r; // a conjunct alone is weaker, hence sound
      }
      List<List<Condition>> out = new ArrayList<>();
      for (List<Condition> a : l) {
        for (List<Condition> c : r) {
          List<Condition> both = new ArrayList<>(a);
          both.addAll(c);
          out.add(both);
        }
      }
      return out;
    }
    if (e instanceof BinaryExpr b && b.op() == BinaryOp.OR) {
      List<List<Condition>> l = dnf(b.left());
      List<List<Condition>> r = dnf(b.right());
      if (l.contains(List.of())
          || r.contains(List.of())
          || l.size() + r.size() > MAX_ALTERNATIVES) {
        return List.of(List.of());
      }
      List<List<Condition>> out = new ArrayList<>(l);
      out.addAll(r);
      return out;
    }
    Condition c = condition(e);
    return c == null ? List.of(List.of()) : List.of(List.of(c));
  }

  /** The leaf as a condition with the field on the left, or null when it is not one. */
  private static @Nullable Condition condition(FieldExpr e) {
    if (e instanceof Attribute a) {
      return new Condition(a, BinaryOp.EQ, Value.of(true)); // a filter keeps boolean true only
    }
    if (!(e instanceof BinaryExpr b) || !b.op().isComparison()) {
      return null;
    }
    if (isField(b.left()) && b.right() instanceof Literal l) {
      return new Condition(b.left(), b.op(), l.value());
    }
    boolean regex = b.op() == BinaryOp.REGEX || b.op() == BinaryOp.NOT_REGEX;
    if (!regex && isField(b.right()) && b.left() instanceof Literal l) {
      return new Condition(b.right(), b.op().flipped(), l.value());
    }
    return null;
  }

  private static boolean isField(FieldExpr e) {
    return e instanceof Attribute || e instanceof IntrinsicField;
  }
}
