package dev.skein.traceql.internal.eval;

import dev.skein.traceql.eval.SpanView;
import dev.skein.traceql.eval.TraceView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Per-trace evaluation state: the trace and each span's position in it. */
final class EvalContext {
  private final TraceView trace;
  private final Map<SpanView, Integer> order = new IdentityHashMap<>();

  EvalContext(TraceView trace) {
    this.trace = trace;
    int i = 0;
    for (SpanView s : trace.spans()) {
      order.put(s, i++);
    }
  }

  TraceView trace() {
    return trace;
  }

  /** Distinct spans of the collections, in trace order. */
  List<SpanView> union(Collection<? extends Collection<SpanView>> parts) {
    Map<SpanView, Boolean> seen = new IdentityHashMap<>();
    List<SpanView> out = new ArrayList<>();
    for (Collection<SpanView> part : parts) {
      for (SpanView s : part) {
        if (seen.put(s, Boolean.TRUE) == null) {
          out.add(s);
        }
      }
    }
    out.sort((a, b) -> Integer.compare(position(a), position(b)));
    return out;
  }

  private int position(SpanView s) {
    return order.getOrDefault(s, Integer.MAX_VALUE);
  }
}
