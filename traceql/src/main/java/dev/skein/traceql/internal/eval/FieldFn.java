package dev.skein.traceql.internal.eval;

import dev.skein.traceql.ast.Value;
import dev.skein.traceql.eval.SpanView;
import dev.skein.traceql.eval.TraceView;
import org.jspecify.annotations.Nullable;

/** A compiled field expression: the value for one span, null when absent. */
@FunctionalInterface
interface FieldFn {
  @Nullable Value apply(SpanView span, TraceView trace);
}
