package dev.skein.traceql.internal.eval;

import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.GroupBy;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.eval.SpanView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code by()} and {@code coalesce()} stages, which reshape spansets. */
final class GroupStages {
  private static final Value NIL = new Value.Nil();

  private GroupStages() {}

  /**
   * Splits each spanset by the values of the expressions, in order of first appearance. Absent
   * values form their own group, reported as {@code nil}.
   */
  static StageCompiler.Stage groupBy(GroupBy g) {
    List<FieldExpr> fields = g.fields();
    FieldFn[] fns = fields.stream().map(FieldCompiler::compile).toArray(FieldFn[]::new);
    String[] names = fields.stream().map(f -> "by(" + f + ")").toArray(String[]::new);
    return (in, ctx) -> {
      List<Working> out = new ArrayList<>();
      for (Working w : in) {
        Map<List<Value>, List<SpanView>> groups = new LinkedHashMap<>();
        for (SpanView s : w.spans()) {
          Value[] key = new Value[fns.length];
          for (int i = 0; i < fns.length; i++) {
            Value v = fns[i].apply(s, ctx.trace());
            key[i] = v == null ? NIL : v;
          }
          groups.computeIfAbsent(Arrays.asList(key), k -> new ArrayList<>()).add(s);
        }
        groups.forEach(
            (key, spans) -> {
              Map<String, Value> attributes = new LinkedHashMap<>(w.attributes());
              for (int i = 0; i < names.length; i++) {
                attributes.put(names[i], key.get(i));
              }
              out.add(new Working(spans, attributes, Map.of(), w.selects()));
            });
      }
      return out;
    };
  }

  /** Merges all spansets into one; by() attributes and aggregates are dropped. */
  static StageCompiler.Stage coalesce() {
    return (in, ctx) -> {
      if (in.size() <= 1) {
        return in;
      }
      Map<String, FieldFn> selects = new LinkedHashMap<>();
      in.forEach(w -> selects.putAll(w.selects()));
      List<SpanView> spans = ctx.union(in.stream().map(Working::spans).toList());
      return List.of(new Working(spans, Map.of(), Map.of(), selects));
    };
  }
}
