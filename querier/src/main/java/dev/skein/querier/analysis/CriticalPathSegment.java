package dev.skein.querier.analysis;

/**
 * One piece of the critical path: an interval during which {@code spanId} itself (not one of its
 * children) determined the trace's end-to-end latency.
 *
 * @param spanId hex span id
 * @param startOffsetNanos start of the interval, relative to the trace's start, in nanoseconds
 * @param durationNanos length of the interval in nanoseconds
 */
public record CriticalPathSegment(String spanId, long startOffsetNanos, long durationNanos) {}
