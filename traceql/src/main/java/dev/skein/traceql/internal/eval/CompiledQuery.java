package dev.skein.traceql.internal.eval;

import dev.skein.traceql.ast.SpansetExpr;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.eval.SpanMatch;
import dev.skein.traceql.eval.SpanView;
import dev.skein.traceql.eval.Spanset;
import dev.skein.traceql.eval.TraceView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not API: a spanset expression compiled into closures, used by {@link
 * dev.skein.traceql.eval.Evaluator}. Immutable and thread-safe.
 */
public final class CompiledQuery {
  private final StageCompiler.Stage root;

  private CompiledQuery(StageCompiler.Stage root) {
    this.root = root;
  }

  /** Compiles {@code root}, including its regular expressions. */
  public static CompiledQuery compile(SpansetExpr root) {
    return new CompiledQuery(StageCompiler.compile(root));
  }

  /** Evaluates over one trace; an empty list means the trace does not match. */
  public List<Spanset> run(TraceView trace) {
    List<? extends SpanView> all = trace.spans();
    if (all.isEmpty()) {
      return List.of();
    }
    EvalContext ctx = new EvalContext(trace);
    Working start = new Working(List.copyOf(all), Map.of(), Map.of(), Map.of());
    List<Working> result = root.apply(List.of(start), ctx);
    List<Spanset> out = new ArrayList<>(result.size());
    for (Working w : result) {
      List<SpanMatch> matches = new ArrayList<>(w.spans().size());
      for (SpanView s : w.spans()) {
        Map<String, Value> selected = new LinkedHashMap<>();
        w.selects()
            .forEach(
                (name, fn) -> {
                  Value v = fn.apply(s, trace);
                  if (v != null) {
                    selected.put(name, v);
                  }
                });
        matches.add(new SpanMatch(s, selected));
      }
      out.add(new Spanset(matches, w.attributes(), w.aggregates()));
    }
    return out;
  }
}
