package dev.skein.server.query;

import dev.skein.querier.analysis.CriticalPathSegment;
import dev.skein.querier.analysis.Finding;
import dev.skein.querier.analysis.ServiceAnalysis;
import dev.skein.querier.analysis.SpanAnalysis;
import dev.skein.querier.analysis.TraceAnalysis;
import dev.skein.querier.trace.TraceByIdResult;
import java.util.List;

/**
 * The JSON body of {@code GET /api/v2/traces/{id}/analysis} (schema {@code TraceAnalysis} in
 * openapi.yaml). Durations and offsets are JSON numbers in nanoseconds, offsets relative to the
 * trace's start; only the absolute start, which does not fit a double exactly, is a string.
 */
record AnalysisResponse(
    String traceId,
    String startTimeUnixNano,
    long durationNanos,
    int spanCount,
    boolean partial,
    String message,
    List<SpanAnalysis> spans,
    List<ServiceAnalysis> services,
    List<CriticalPathSegment> criticalPath,
    List<Finding> findings,
    List<String> warnings) {

  static AnalysisResponse of(TraceAnalysis analysis, TraceByIdResult result) {
    return new AnalysisResponse(
        analysis.traceId().toHex(),
        Long.toUnsignedString(analysis.startTimeUnixNano()),
        analysis.durationNanos(),
        analysis.spanCount(),
        result.partial(),
        result.message(),
        analysis.spans(),
        analysis.services(),
        analysis.criticalPath(),
        analysis.findings(),
        analysis.warnings());
  }
}
