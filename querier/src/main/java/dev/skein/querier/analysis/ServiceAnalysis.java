package dev.skein.querier.analysis;

/**
 * Time spent per service.
 *
 * @param service {@code service.name}, or {@code unknown_service}
 * @param spanCount spans of the service
 * @param errorCount spans of the service with status ERROR
 * @param totalNanos sum of the durations of its spans (nested spans of one service count twice)
 * @param selfNanos sum of the self times of its spans: the time the service itself was busy or
 *     waiting on something it did not trace
 */
public record ServiceAnalysis(
    String service, int spanCount, int errorCount, long totalNanos, long selfNanos) {}
