package dev.skein.querier.tags;

import dev.skein.querier.trace.TimeWindow;
import dev.skein.traceql.eval.Evaluator;
import org.jspecify.annotations.Nullable;

/**
 * One tag or tag-value request.
 *
 * @param window the time window; unbounded when none was given
 * @param recentOnly whether only recent (ingester) data is read, as when no window is given
 * @param limit the most names per scope, or values, to return
 * @param filter only spans matching this TraceQL contribute, or null
 * @param filterText the {@code q} text the filter was compiled from, as sent to remote ingesters;
 *     empty when there is no filter
 */
public record TagRequest(
    TimeWindow window,
    boolean recentOnly,
    int limit,
    @Nullable Evaluator filter,
    String filterText) {

  /** A request without filter text (the filter, if any, was not built from a {@code q}). */
  public TagRequest(TimeWindow window, boolean recentOnly, int limit, @Nullable Evaluator filter) {
    this(window, recentOnly, limit, filter, "");
  }
}
