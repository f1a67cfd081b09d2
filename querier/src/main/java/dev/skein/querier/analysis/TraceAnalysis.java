package dev.skein.querier.analysis;

import dev.skein.trace.TraceId;
import java.util.List;
import java.util.Objects;

/**
 * The analysis of one trace. Immutable. Times are in nanoseconds; offsets count from {@code
 * startTimeUnixNano}.
 *
 * @param traceId the trace
 * @param startTimeUnixNano start of the earliest span, unix nanoseconds
 * @param durationNanos from the earliest start to the latest end of any span
 * @param spanCount spans analysed (after dropping duplicate span ids)
 * @param spans one entry per span, in start order
 * @param services one entry per service, most self time first
 * @param criticalPath the critical path from the main root, in time order
 * @param findings the bad shapes found, most severe and most costly first
 * @param warnings problems in the data the analysis worked around (duplicates, negative durations,
 *     clock skew, parent cycles), empty for clean data
 */
public record TraceAnalysis(
    TraceId traceId,
    long startTimeUnixNano,
    long durationNanos,
    int spanCount,
    List<SpanAnalysis> spans,
    List<ServiceAnalysis> services,
    List<CriticalPathSegment> criticalPath,
    List<Finding> findings,
    List<String> warnings) {

  /** Checks the trace id and copies the lists. */
  public TraceAnalysis {
    Objects.requireNonNull(traceId, "traceId");
    spans = List.copyOf(spans);
    services = List.copyOf(services);
    criticalPath = List.copyOf(criticalPath);
    findings = List.copyOf(findings);
    warnings = List.copyOf(warnings);
  }

  /** The findings of one type, in the order of {@link #findings()}. */
  public List<Finding> findings(FindingType type) {
    return findings.stream().filter(f -> f.type() == type).toList();
  }
}
