package dev.skein.traceql.internal.eval;

import dev.skein.traceql.ast.Value;
import dev.skein.traceql.eval.SpanView;
import java.util.List;
import java.util.Map;

/**
 * A spanset during evaluation: spans in trace order, by() attributes, aggregate values and the
 * select() expressions to report with each span.
 */
record Working(
    List<SpanView> spans,
    Map<String, Value> attributes,
    Map<String, Value> aggregates,
    Map<String, FieldFn> selects) {

  Working withSpans(List<SpanView> newSpans) {
    return new Working(newSpans, attributes, aggregates, selects);
  }
}
