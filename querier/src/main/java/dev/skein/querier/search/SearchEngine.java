package dev.skein.querier.search;

import dev.skein.api.v1.PartialStatus;
import dev.skein.api.v1.SearchMetrics;
import dev.skein.api.v1.SearchResponse;
import dev.skein.api.v1.TraceSearchMetadata;
import dev.skein.common.InvalidRequestException;
import dev.skein.common.SkeinException;
import dev.skein.querier.QuerierConfig;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.traceql.Query;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.TraceQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a search over every {@link SearchSource}: newest jobs first, {@code queryConcurrency} at a
 * time on virtual threads, stopping early once {@code limit} traces newer than anything the
 * remaining jobs can hold are found. Results are merged per trace and ordered newest first, so the
 * same data always gives the same answer. Thread-safe.
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
    SearchResults results = new SearchResults();
    long traces = 0;
    long spans = 0;
    long bytes = 0;
    int completed = 0;
    long deadline = System.nanoTime() + config.queryTimeout().toNanos();
    int next = 0;
    List<String> unreadable = new ArrayList<>();
    while (next < jobs.size()) {
      if (results.limitStart(plan.limit()) > jobs.get(next).newestStartNanos()) {
        break; // every remaining job holds only older traces
      }
      int end = Math.min(jobs.size(), next + config.queryConcurrency());
      List<Future<SearchJob.Result>> wave = new ArrayList<>();
      for (SearchJob job : jobs.subList(next, end)) {
        wave.add(executor.submit(job::run));
      }
      for (int i = 0; i < wave.size(); i++) {
        SearchJob.Result r = await(wave.get(i), jobs.get(next + i), deadline);
        r.traces().forEach(results::add);
        traces += r.inspectedTraces();
        spans += r.inspectedSpans();
        bytes += r.inspectedBytes();
        if (r.unreadable() != null) {
          unreadable.add(r.unreadable());
        } else {
          completed++;
        }
      }
      next = end;
    }
    List<TraceSearchMetadata> newest = results.newest(plan.limit());
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
        .addAllTraces(newest)
        .setMetrics(
            SearchMetrics.newBuilder()
                .setInspectedTraces((int) Math.min(Integer.MAX_VALUE, traces))
                .setInspectedSpans(spans)
                .setInspectedBytes(bytes)
                .setCompletedJobs(completed)
                .setTotalJobs(jobs.size()))
        .build();
  }

  private static SearchJob.Result await(
      Future<SearchJob.Result> future, SearchJob job, long deadline) {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new SkeinException("search timed out reading " + job.describe());
    } catch (ExecutionException e) {
      throw new SkeinException(
          "search failed reading " + job.describe() + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkeinException("search interrupted");
    }
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
