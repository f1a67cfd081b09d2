package dev.skein.traceql.internal.eval;

import dev.skein.traceql.ast.Coalesce;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.GroupBy;
import dev.skein.traceql.ast.Pipeline;
import dev.skein.traceql.ast.PipelineStage;
import dev.skein.traceql.ast.ScalarExpr;
import dev.skein.traceql.ast.ScalarFilter;
import dev.skein.traceql.ast.Select;
import dev.skein.traceql.ast.SpansetFilter;
import dev.skein.traceql.ast.SpansetOp;
import dev.skein.traceql.ast.SpansetOperation;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.eval.SpanView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compiles spanset expressions and pipeline stages into {@link Stage} functions. */
final class StageCompiler {
  /** A compiled stage: maps incoming spansets to outgoing, never-empty spansets. */
  @FunctionalInterface
  interface Stage {
    List<Working> apply(List<Working> in, EvalContext ctx);
  }

  private StageCompiler() {}

  static Stage compile(PipelineStage stage) {
    return switch (stage) {
      case SpansetFilter f -> filter(f);
      case SpansetOperation o -> operation(o);
      case Pipeline p -> pipeline(p);
      case ScalarFilter s -> scalarFilter(s);
      case GroupBy g -> GroupStages.groupBy(g);
      case Select s -> select(s);
      case Coalesce c -> GroupStages.coalesce();
    };
  }

  private static Stage filter(SpansetFilter f) {
    if (f.expr() == null) {
      return (in, ctx) -> in;
    }
    FieldFn predicate = FieldCompiler.compile(f.expr());
    return (in, ctx) -> {
      List<Working> out = new ArrayList<>(in.size());
      for (Working w : in) {
        List<SpanView> kept = new ArrayList<>();
        for (SpanView s : w.spans()) {
          if (FieldCompiler.isTrue(predicate.apply(s, ctx.trace()))) {
            kept.add(s);
          }
        }
        if (!kept.isEmpty()) {
          out.add(w.withSpans(kept));
        }
      }
      return out;
    };
  }

  private static Stage pipeline(Pipeline p) {
    List<Stage> stages = new ArrayList<>();
    stages.add(compile(p.source()));
    p.stages().forEach(s -> stages.add(compile(s)));
    return (in, ctx) -> {
      List<Working> current = in;
      for (Stage stage : stages) {
        if (current.isEmpty()) {
          break;
        }
        current = stage.apply(current, ctx);
      }
      return current;
    };
  }

  private static Stage operation(SpansetOperation o) {
    Stage left = compile(o.left());
    Stage right = compile(o.right());
    SpansetOp op = o.op();
    return (in, ctx) -> {
      List<Working> out = new ArrayList<>();
      for (Working w : in) {
        List<Working> l = left.apply(List.of(w), ctx);
        List<Working> r = right.apply(List.of(w), ctx);
        List<SpanView> ls = spans(l, ctx);
        List<SpanView> rs = spans(r, ctx);
        List<SpanView> result =
            switch (op) {
              case AND -> ls.isEmpty() || rs.isEmpty() ? List.of() : ctx.union(List.of(ls, rs));
              case OR -> ctx.union(List.of(ls, rs));
              default -> ctx.union(List.of(Structural.join(op, ls, rs)));
            };
        if (!result.isEmpty()) {
          Map<String, FieldFn> selects = new LinkedHashMap<>(w.selects());
          l.forEach(x -> selects.putAll(x.selects()));
          r.forEach(x -> selects.putAll(x.selects()));
          out.add(new Working(result, w.attributes(), w.aggregates(), selects));
        }
      }
      return out;
    };
  }

  private static List<SpanView> spans(List<Working> sets, EvalContext ctx) {
    if (sets.size() == 1) {
      return sets.get(0).spans();
    }
    return ctx.union(sets.stream().map(Working::spans).toList());
  }

  private static Stage scalarFilter(ScalarFilter f) {
    Scalars.ScalarFn left = Scalars.compile(f.left());
    Scalars.ScalarFn right = Scalars.compile(f.right());
    Map<String, Scalars.ScalarFn> reported = new LinkedHashMap<>();
    for (ScalarExpr side : List.of(f.left(), f.right())) {
      if (!(side instanceof ScalarExpr.Constant)) {
        reported.put(side.toString(), Scalars.compile(side));
      }
    }
    return (in, ctx) -> {
      List<Working> out = new ArrayList<>();
      for (Working w : in) {
        Value l = left.apply(w.spans(), ctx.trace());
        Value r = right.apply(w.spans(), ctx.trace());
        if (Compare.test(f.op(), l, r)) {
          Map<String, Value> aggregates = new LinkedHashMap<>(w.aggregates());
          reported.forEach(
              (name, fn) -> {
                Value v = fn.apply(w.spans(), ctx.trace());
                if (v != null) {
                  aggregates.put(name, v);
                }
              });
          out.add(new Working(w.spans(), w.attributes(), aggregates, w.selects()));
        }
      }
      return out;
    };
  }

  private static Stage select(Select s) {
    Map<String, FieldFn> fns = new LinkedHashMap<>();
    for (FieldExpr e : s.fields()) {
      fns.put(e.toString(), FieldCompiler.compile(e));
    }
    return (in, ctx) ->
        in.stream()
            .map(
                w -> {
                  Map<String, FieldFn> selects = new LinkedHashMap<>(w.selects());
                  selects.putAll(fns);
                  return new Working(w.spans(), w.attributes(), w.aggregates(), selects);
                })
            .toList();
  }
}
