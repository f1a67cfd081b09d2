package dev.skein.querier.analysis;

/**
 * What the analysis says about one span. Times are in nanoseconds; offsets count from the start of
 * the trace (its earliest span).
 *
 * @param spanId hex span id
 * @param parentSpanId hex parent span id as the span reported it, empty for a root
 * @param service {@code service.name} of the span's resource, or {@code unknown_service}
 * @param name span name
 * @param startOffsetNanos start, relative to the trace's start
 * @param durationNanos duration; 0 when the span ended before it started
 * @param selfNanos duration minus the union of the time its children cover (clipped to the span)
 * @param depth 0 for roots and for spans whose parent is missing, parent's depth + 1 otherwise
 * @param criticalPathNanos time this span itself contributes to the critical path, 0 if none
 * @param onCriticalPath whether the span is on the critical path
 * @param error whether the span's status is ERROR
 */
public record SpanAnalysis(
    String spanId,
    String parentSpanId,
    String service,
    String name,
    long startOffsetNanos,
    long durationNanos,
    long selfNanos,
    int depth,
    long criticalPathNanos,
    boolean onCriticalPath,
    boolean error) {}
