package dev.skein.traceql.eval;

import dev.skein.traceql.ast.Scope;
import dev.skein.traceql.ast.SpanKind;
import dev.skein.traceql.ast.StatusCode;
import dev.skein.traceql.ast.Value;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Read access to one span, implemented by storage and ingesters. The evaluator calls these methods
 * from the thread that calls {@link Evaluator#evaluate(TraceView)}; implementations need not be
 * thread-safe. The evaluator compares span views by identity, so a trace must return the same
 * instance for the same span during one evaluation.
 */
public interface SpanView {

  /**
   * An attribute of the span, its resource or its instrumentation scope.
   *
   * @param scope {@link Scope#SPAN}, {@link Scope#RESOURCE} or {@link Scope#INSTRUMENTATION}
   * @param key the attribute key, e.g. {@code http.method}
   * @return the value (an {@link Value.Array} for array attributes), or null when absent
   */
  @Nullable Value attribute(Scope scope, String key);

  /** The span name. */
  String name();

  /** The status code. */
  StatusCode status();

  /** The status message, empty when unset. */
  String statusMessage();

  /** The span kind. */
  SpanKind kind();

  /** End minus start time, in nanoseconds. */
  long durationNanos();

  /** The span id in lower-case hex. */
  String spanId();

  /** The parent span id in lower-case hex, empty for a root span. */
  String parentSpanId();

  /** The number of direct children of this span in the trace. */
  int childCount();

  /**
   * The nested-set left number: a pre-order visit counter, unique within the trace and greater than
   * zero. Span A is an ancestor of span B exactly when {@code A.left < B.left} and {@code B.right <
   * A.right}. Zero when unknown, in which case structural operators never match the span.
   */
  int nestedSetLeft();

  /** The nested-set right number: the post-order counter, greater than {@link #nestedSetLeft()}. */
  int nestedSetRight();

  /** The parent's {@link #nestedSetLeft()}, or a value below 1 (such as -1) for a root span. */
  int nestedSetParent();

  /** The instrumentation scope name, or null when absent. */
  @Nullable String instrumentationName();

  /** The instrumentation scope version, or null when absent. */
  @Nullable String instrumentationVersion();

  /** The span events, empty when none. */
  List<? extends EventView> events();

  /** The span links, empty when none. */
  List<? extends LinkView> links();
}
