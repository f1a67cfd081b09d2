package dev.skein.querier.trace;

import dev.skein.common.SkeinException;
import dev.skein.querier.QuerierConfig;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceCombiner;
import dev.skein.trace.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a trace by id across every source, in parallel on virtual threads with bounded concurrency,
 * and combines the parts (duplicate spans dropped, size capped). A failed or slow source makes the
 * answer PARTIAL with a message; it never fails the whole query. Thread-safe.
 */
public final class TraceByIdQuery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TraceByIdQuery.class);

  private final List<TraceSource> sources;
  private final QuerierConfig config;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore permits;

  /** Creates the query over {@code sources}, limited by {@code config}. */
  public TraceByIdQuery(List<TraceSource> sources, QuerierConfig config) {
    this.sources = List.copyOf(sources);
    this.config = config;
    this.permits = new Semaphore(config.queryConcurrency());
  }

  /** Looks up {@code traceId} in every tenant of {@code tenants}. */
  public TraceByIdResult find(List<String> tenants, TraceId traceId, TimeWindow window) {
    List<TraceLookup> lookups = new ArrayList<>();
    for (String tenant : tenants) {
      for (TraceSource source : sources) {
        lookups.addAll(source.lookups(tenant, traceId, window));
      }
    }
    List<Future<TraceLookup.Result>> futures = new ArrayList<>(lookups.size());
    for (TraceLookup lookup : lookups) {
      futures.add(executor.submit(() -> bounded(lookup)));
    }
    long deadline = System.nanoTime() + config.queryTimeout().toNanos();
    TraceCombiner combiner = new TraceCombiner(traceId, config.maxTraceBytes());
    long inspected = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      TraceLookup lookup = lookups.get(i);
      try {
        TraceLookup.Result result =
            futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        inspected += result.inspectedBytes();
        result.part().ifPresent(combiner::add);
      } catch (TimeoutException e) {
        futures.get(i).cancel(true);
        failures.add(lookup.describe() + " timed out");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof SkeinException known) {
          // An expected failure (an ingester down, a block unreadable): the message says it all.
          LOG.warn("trace lookup of {} failed: {}", traceId, known.getMessage());
        } else {
          LOG.warn("trace lookup of {} in {} failed", traceId, lookup.describe(), e.getCause());
        }
        failures.add(lookup.describe() + ": " + e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.add("query interrupted");
        break;
      }
    }
    return result(combiner, failures, lookups.size(), inspected);
  }

  private TraceByIdResult result(
      TraceCombiner combiner, List<String> failures, int lookups, long inspected) {
    Trace trace = combiner.result();
    List<String> reasons = new ArrayList<>();
    if (combiner.truncated()) {
      reasons.add(
          "trace exceeds the size limit of "
              + config.maxTraceBytes()
              + " bytes (skein.querier.max-trace-bytes); "
              + combiner.truncatedSpans()
              + " spans left out");
    }
    if (!failures.isEmpty()) {
      reasons.add(
          failures.size()
              + " of "
              + lookups
              + " sources could not be read, first: "
              + failures.get(0));
    }
    return new TraceByIdResult(
        trace.resourceSpans().isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(trace),
        !reasons.isEmpty(),
        String.join("; ", reasons),
        inspected);
  }

  private TraceLookup.Result bounded(TraceLookup lookup) throws Exception {
    permits.acquire();
    try {
      return lookup.find();
    } finally {
      permits.release();
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "TraceByIdQuery{sources=" + sources.size() + ", config=" + config + "}";
  }
}
