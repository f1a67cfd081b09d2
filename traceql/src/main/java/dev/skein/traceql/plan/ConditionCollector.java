package dev.skein.traceql.plan;

import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.BinaryExpr;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.Coalesce;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.GroupBy;
import dev.skein.traceql.ast.Intrinsic;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.Literal;
import dev.skein.traceql.ast.Pipeline;
import dev.skein.traceql.ast.PipelineStage;
import dev.skein.traceql.ast.ScalarExpr;
import dev.skein.traceql.ast.ScalarFilter;
import dev.skein.traceql.ast.Select;
import dev.skein.traceql.ast.SpansetExpr;
import dev.skein.traceql.ast.SpansetFilter;
import dev.skein.traceql.ast.SpansetOp;
import dev.skein.traceql.ast.SpansetOperation;
import dev.skein.traceql.ast.UnaryExpr;
import dev.skein.traceql.ast.Value;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/** Walks the AST collecting {@link Condition}s. */
final class ConditionCollector {
  /** How a leaf's truth relates to the span matching. */
  private enum Context {
    /** Conjunctive: the leaf must hold. */
    REQUIRED,
    /** Under ||: the leaf may hold. */
    OPTIONAL,
    /** Under !: the leaf's field is only read. */
    NEGATED
  }

  private final Set<Condition> conditions = new LinkedHashSet<>();
  private boolean all = true;

  private ConditionCollector() {}

  static Conditions collect(SpansetExpr root) {
    ConditionCollector c = new ConditionCollector();
    c.stage(root);
    return new Conditions(new ArrayList<>(c.conditions), c.all);
  }

  private void stage(PipelineStage stage) {
    switch (stage) {
      case SpansetFilter f -> {
        if (f.expr() != null) {
          field(f.expr(), Context.REQUIRED);
        }
      }
      case SpansetOperation o -> {
        all = false;
        if (o.op() != SpansetOp.AND && o.op() != SpansetOp.OR) {
          conditions.add(Condition.fetch(new IntrinsicField(Intrinsic.NESTED_SET_LEFT)));
          conditions.add(Condition.fetch(new IntrinsicField(Intrinsic.NESTED_SET_RIGHT)));
          conditions.add(Condition.fetch(new IntrinsicField(Intrinsic.NESTED_SET_PARENT)));
        }
        stage(o.left());
        stage(o.right());
      }
      case Pipeline p -> {
        stage(p.source());
        p.stages().forEach(this::stage);
      }
      case ScalarFilter s -> {
        scalar(s.left());
        scalar(s.right());
      }
      case GroupBy g -> g.fields().forEach(e -> field(e, Context.NEGATED));
      case Select s -> s.fields().forEach(e -> field(e, Context.NEGATED));
      case Coalesce c -> {}
    }
  }

  private void scalar(ScalarExpr e) {
    switch (e) {
      case ScalarExpr.Aggregate a -> {
        if (a.argument() != null) {
          field(a.argument(), Context.NEGATED);
        }
      }
      case ScalarExpr.Binary b -> {
        scalar(b.left());
        scalar(b.right());
      }
      case ScalarExpr.Constant c -> {}
    }
  }

  private void field(FieldExpr e, Context ctx) {
    switch (e) {
      case Attribute a -> add(a, ctx, BinaryOp.EQ, Value.of(true));
      case IntrinsicField i -> conditions.add(Condition.fetch(i));
      case Literal l -> {}
      case UnaryExpr u -> field(u.operand(), Context.NEGATED);
      case BinaryExpr b -> binary(b, ctx);
    }
  }

  private void binary(BinaryExpr b, Context ctx) {
    if (b.op() == BinaryOp.AND) {
      field(b.left(), ctx);
      field(b.right(), ctx);
    } else if (b.op() == BinaryOp.OR) {
      all = false;
      Context inner = ctx == Context.NEGATED ? ctx : Context.OPTIONAL;
      field(b.left(), inner);
      field(b.right(), inner);
    } else if (b.op().isComparison() && isField(b.left()) && b.right() instanceof Literal l) {
      add(b.left(), ctx, b.op(), l.value());
    } else if (b.op().isComparison() && isField(b.right()) && b.left() instanceof Literal l) {
      add(b.right(), ctx, b.op().flipped(), l.value());
    } else {
      field(b.left(), Context.NEGATED);
      field(b.right(), Context.NEGATED);
    }
  }

  private void add(FieldExpr field, Context ctx, BinaryOp op, Value operand) {
    if (ctx == Context.NEGATED) {
      conditions.add(Condition.fetch(field));
    } else {
      conditions.add(new Condition(field, op, operand));
    }
  }

  private static boolean isField(FieldExpr e) {
    return e instanceof Attribute || e instanceof IntrinsicField;
  }
}
