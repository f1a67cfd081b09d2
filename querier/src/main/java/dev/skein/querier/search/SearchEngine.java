package dev.skein.querier.search;

import dev.skein.api.v1.PartialStatus;
import dev.skein.api.v1.SearchMetrics;
import dev.skein.api.v1.SearchResponse;
import dev.skein.common.InvalidRequestException;
import dev.skein.querier.QuerierConfig;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.traceql.Query;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.TraceQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a search over every {@link SearchSource}: newest jobs first, up to {@code queryConcurrency}
 * at a time on virtual threads, stopping as soon as {@code limit} traces newer than anything the
 * remaining jobs can hold are found ({@link NewestFirstRun}). Results are merged per trace and
 * ordered newest first, so the same data always gives the same answer. Thread-safe.
 */
public final class SearchEngine implements AutoCloseable {

  private final List<SearchSource> sources;
  private final QuerierConfig config;
  private final SearchRequestParser parser;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  /** Creates the engine over {@code sources}. */
  public SearchEngine(List<SearchSource> sources, QuerierConfig config) {
    this.sources = List.copyOf(sources);
    this.config = config;
    this.parser = new SearchRequestParser(config);
  }

  /** The parameter parser with this engine's limits. */
  public SearchRequestParser parser() {
    return parser;
  }

  /** Parses TraceQL, turning syntax and type errors into a 400 with line and column. */
  public static Query parse(String traceql) {
    try {
      return TraceQL.parse(traceql);
    } catch (TraceQLException e) {
      throw new InvalidRequestException("invalid TraceQL: " + e.getMessage(), e);
    }
  }

  /** Searches every tenant in {@code tenants}. */
  public SearchResponse search(List<String> tenants, SearchQuery request) {
    Query query = parse(LegacySearch.toTraceQL(request));
    TimeWindow window = new TimeWindow(request.startSeconds(), request.endSeconds());
    SearchPlan plan =
        SearchPlan.of(
            query, window, !request.hasWindow(), request.limit(), request.spansPerSpanSet());
    List<SearchJob> jobs = new ArrayList<>();
    for (String tenant : tenants) {
      for (SearchSource source : sources) {
        jobs.addAll(source.jobs(tenant, plan));
      }
    }
    jobs.sort(Comparator.comparingLong(SearchJob::newestStartNanos).reversed());
    return run(jobs, plan);
  }

  private SearchResponse run(List<SearchJob> jobs, SearchPlan plan) {
    long deadline = System.nanoTime() + config.queryTimeout().toNanos();
    NewestFirstRun run =
        new NewestFirstRun(jobs, plan.limit(), config.queryConcurrency(), deadline, executor).run();
    List<String> unreadable = run.unreadable();
    SearchResponse.Builder response = SearchResponse.newBuilder();
    if (!unreadable.isEmpty()) {
      response
          .setStatus(PartialStatus.PARTIAL)
          .setMessage(
              unreadable.size()
                  + " of "
                  + jobs.size()
                  + " search jobs could not be read, results may be missing: "
                  + String.join("; ", unreadable));
    }
    return response
        .addAllTraces(run.results().newest(plan.limit()))
        .setMetrics(
            SearchMetrics.newBuilder()
                .setInspectedTraces((int) Math.min(Integer.MAX_VALUE, run.inspectedTraces()))
                .setInspectedSpans(run.inspectedSpans())
                .setInspectedBytes(run.inspectedBytes())
                .setCompletedJobs(run.completedJobs())
                .setTotalJobs(jobs.size()))
        .build();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "SearchEngine{sources=" + sources.size() + "}";
  }
}
