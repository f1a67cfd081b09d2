package dev.skein.bench.workload;

import io.opentelemetry.proto.trace.v1.Span;
import org.jspecify.annotations.Nullable;

/** A span under construction, with the links the error pass walks. Not thread-safe. */
final class SpanNode {
  final int service;
  final int scope;
  final Span.Builder span;
  final @Nullable SpanNode parent;
  final boolean late;
  int children;

  SpanNode(int service, int scope, Span.Builder span, @Nullable SpanNode parent, boolean late) {
    this.service = service;
    this.scope = scope;
    this.span = span;
    this.parent = parent;
    this.late = late;
  }

  long spanIdLong() {
    return span.getSpanId().asReadOnlyByteBuffer().getLong();
  }
}
