package dev.skein.traceql.eval;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Read access to one trace, implemented by storage and ingesters. Trace-level intrinsics ({@code
 * trace:duration}, {@code trace:rootName}, {@code trace:rootService}, {@code trace:id}) come from
 * here. Implementations need not be thread-safe.
 */
public interface TraceView {
  /** The trace id in lower-case hex. */
  String traceId();

  /** Latest span end minus earliest span start, in nanoseconds. */
  long durationNanos();

  /** The root span's name, or null when the root span is missing. */
  @Nullable String rootName();

  /** The root span's {@code service.name}, or null when the root span is missing. */
  @Nullable String rootServiceName();

  /**
   * The spans of the trace (or the subset storage fetched). Results list spans in this order, so
   * storage should return them in a stable order such as start time.
   */
  List<? extends SpanView> spans();
}
