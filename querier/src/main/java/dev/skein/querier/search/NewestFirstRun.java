package dev.skein.querier.search;

import dev.skein.common.SkeinException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the jobs of one search, newest first, and stops as soon as the answer is certain.
 *
 * <p>The answer is defined by the sequential algorithm: take the jobs in order, merge each one's
 * results, and stop before the first job whose newest possible trace is older than the {@code
 * limit}-th newest trace found so far. Jobs run ahead of that in parallel (a window of in-flight
 * jobs that starts at {@link #INITIAL_WINDOW} and then follows the matches found per job, up to the
 * query concurrency, so a query answered by its first blocks does not start 32 of them), but
 * results are merged strictly in job order; when the sequential algorithm would stop, the jobs
 * still running are cancelled and their results, if any, are ignored. The same query over the same
 * data therefore visits the same jobs and returns the same traces, however the threads are
 * scheduled. Not thread-safe: one run per search.
 */
final class NewestFirstRun {

  /** In-flight jobs at the start of a search. */
  static final int INITIAL_WINDOW = 2;

  private final List<SearchJob> jobs;
  private final int limit;
  private final int maxWindow;
  private final long deadlineNanos;
  private final CompletionService<SearchJob.Result> completions;
  private final Map<Future<SearchJob.Result>, Integer> running = new HashMap<>();
  private final Map<Integer, SearchJob.Result> done = new HashMap<>();
  private final SearchResults results = new SearchResults();
  private final List<String> unreadable = new ArrayList<>();
  private long traces;
  private long spans;
  private long bytes;
  private int completed;

  NewestFirstRun(
      List<SearchJob> jobs,
      int limit,
      int maxWindow,
      long deadlineNanos,
      ExecutorService executor) {
    this.jobs = jobs;
    this.limit = limit;
    this.maxWindow = maxWindow;
    this.deadlineNanos = deadlineNanos;
    this.completions = new ExecutorCompletionService<>(executor);
  }

  /** Runs until the answer is certain; throws {@link SkeinException} on a failure or timeout. */
  NewestFirstRun run() {
    int window = Math.min(INITIAL_WINDOW, maxWindow);
    int next = 0; // next job to start
    int merged = 0; // jobs [0, merged) are merged, in order
    try {
      while (merged < jobs.size() && !stopsBefore(merged)) {
        while (next < jobs.size() && next - merged < window) {
          int index = next++;
          running.put(completions.submit(() -> jobs.get(index).run()), index);
        }
        awaitOne(merged);
        while (done.containsKey(merged) && !stopsBefore(merged)) {
          merge(done.remove(merged++));
          window = nextWindow(window, merged);
        }
      }
    } finally {
      running.keySet().forEach(f -> f.cancel(true));
    }
    return this;
  }

  /**
   * How many jobs may run ahead of the merged ones: as many as the matches found so far suggest are
   * still needed (at the rate of matches per merged job), at least {@link #INITIAL_WINDOW}; twice
   * as many as before while nothing matched yet. Every job started beyond what the answer needs is
   * CPU spent for nothing, and most block jobs are CPU-bound.
   */
  private int nextWindow(int window, int merged) {
    int found = results.size();
    if (found == 0) {
      return Math.min(maxWindow, window * 2);
    }
    double perJob = (double) found / merged;
    long needed = (long) Math.ceil(Math.max(0, limit - found) / perJob);
    return (int) Math.max(INITIAL_WINDOW, Math.min(maxWindow, needed + 1));
  }

  /** Whether the sequential algorithm stops before job {@code index}. */
  private boolean stopsBefore(int index) {
    return results.limitStart(limit) > jobs.get(index).newestStartNanos();
  }

  private void awaitOne(int oldest) {
    Future<SearchJob.Result> f;
    try {
      f = completions.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkeinException("search interrupted");
    }
    if (f == null) {
      throw new SkeinException("search timed out reading " + jobs.get(oldest).describe());
    }
    int index = running.remove(f);
    try {
      done.put(index, f.get());
    } catch (ExecutionException e) {
      throw new SkeinException(
          "search failed reading " + jobs.get(index).describe() + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (CancellationException | InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SkeinException("search interrupted");
    }
  }

  private void merge(SearchJob.Result r) {
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

  SearchResults results() {
    return results;
  }

  List<String> unreadable() {
    return unreadable;
  }

  long inspectedTraces() {
    return traces;
  }

  long inspectedSpans() {
    return spans;
  }

  long inspectedBytes() {
    return bytes;
  }

  int completedJobs() {
    return completed;
  }
}
