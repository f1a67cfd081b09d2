package dev.skein.trace;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.List;
import java.util.Objects;

/**
 * The spans of one trace, grouped as OTLP groups them (resource, then scope). A trace may be
 * partial: the spans of one trace can arrive in several batches and sit in several blocks.
 *
 * @param traceId the id every span here carries
 * @param resourceSpans the spans, grouped by resource and scope
 */
public record Trace(TraceId traceId, List<ResourceSpans> resourceSpans) {

  /** Copies the list. */
  public Trace {
    Objects.requireNonNull(traceId, "traceId");
    resourceSpans = List.copyOf(resourceSpans);
  }

  /** The number of spans in this trace. */
  public int spanCount() {
    int n = 0;
    for (ResourceSpans rs : resourceSpans) {
      for (var ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
  }
}
