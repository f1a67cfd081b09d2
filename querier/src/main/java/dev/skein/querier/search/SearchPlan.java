package dev.skein.querier.search;

import dev.skein.querier.trace.TimeWindow;
import dev.skein.trace.view.TraceMatcher;
import dev.skein.traceql.Query;
import dev.skein.traceql.eval.Evaluator;

/**
 * A search ready to run: the parsed TraceQL (legacy tag searches are converted first), its compiled
 * evaluator, and the window and limits. Immutable and thread-safe.
 *
 * @param query the parsed query, whose conditions sources may use to prune
 * @param traceql the canonical TraceQL text, as sent to remote ingesters
 * @param window the time window; unbounded when the request gave none
 * @param recentOnly whether only recent (ingester) data is searched, as when no window is given
 * @param limit the most traces to return
 * @param spansPerSpanSet the most spans to describe per spanset
 * @param matcher evaluates the query on in-memory traces
 */
public record SearchPlan(
    Query query,
    String traceql,
    TimeWindow window,
    boolean recentOnly,
    int limit,
    int spansPerSpanSet,
    TraceMatcher matcher) {

  /** Builds a plan for a parsed query. */
  public static SearchPlan of(
      Query query, TimeWindow window, boolean recentOnly, int limit, int spansPerSpanSet) {
    return new SearchPlan(
        query,
        query.toString(),
        window,
        recentOnly,
        limit,
        spansPerSpanSet,
        new TraceMatcher(Evaluator.of(query), spansPerSpanSet));
  }
}
