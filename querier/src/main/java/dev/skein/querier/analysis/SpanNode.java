package dev.skein.querier.analysis;

import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One span in the analysis graph, with the numbers computed for it. Mutable while {@link SpanGraph}
 * and {@link Timing} fill it in, read-only afterwards. Not thread-safe.
 */
final class SpanNode {

  final Span span;
  final String spanId;
  final String parentSpanId;
  final String service;

  /** Start and end in unix nanoseconds; {@code end >= start} always holds. */
  final long start;

  final long end;
  final boolean error;

  /** Index in start order, set by {@link SpanGraph}. */
  int index;

  @Nullable SpanNode parent;

  /** Children in start order. */
  final List<SpanNode> children = new ArrayList<>();

  /** The parent id names a span that is not in the trace. */
  boolean orphan;

  int depth;
  long selfNanos;

  /** Largest stretch inside the span that no child covers; empty when it has no children. */
  long gapStart;

  long gapEnd;

  /** The span's interval clipped to its ancestors' (for the critical path); empty if disjoint. */
  long effStart;

  long effEnd;
  boolean effValid;
  long criticalNanos;

  SpanNode(Span span, String spanId, String parentSpanId, String service) {
    this.span = span;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.service = service;
    this.start = span.getStartTimeUnixNano();
    this.end = Math.max(start, span.getEndTimeUnixNano());
    this.error =
        span.getStatus().getCode()
            == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR;
  }

  String name() {
    return span.getName();
  }

  Span.SpanKind kind() {
    return span.getKind();
  }

  long duration() {
    return end - start;
  }

  long gap() {
    return gapEnd - gapStart;
  }

  /** {@code 'name' (service)}, for explanations. */
  String label() {
    return "'" + name() + "' (" + service + ")";
  }

  @Override
  public String toString() {
    return spanId + " " + label();
  }
}
