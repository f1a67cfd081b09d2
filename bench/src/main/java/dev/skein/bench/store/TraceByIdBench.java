package dev.skein.bench.store;

import dev.skein.bench.report.LatencyRecorder;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.querier.trace.TraceByIdResult;
import dev.skein.trace.TraceId;
import java.util.List;
import java.util.function.Supplier;

/**
 * Trace by id through {@link dev.skein.querier.trace.TraceByIdQuery} over every block of the
 * tenant, without a time window (as Grafana asks by default): warm (one stack whose bloom shards
 * and footers were loaded by a warm-up lookup in every block, then lookups of other traces) and
 * cold (a fresh stack, so fresh readers and an empty cache, per lookup).
 */
final class TraceByIdBench {

  /**
   * What one mode measured.
   *
   * @param latency wall time of each lookup
   * @param requestsPerLookup store read requests per lookup, on average
   * @param bytesPerLookup store bytes read per lookup, on average
   * @param maxRequests most store read requests of one lookup
   * @param notFound lookups that did not find the trace or answered PARTIAL (should be 0)
   * @param cpuMsPerLookup process CPU time per lookup (every thread; on S3 the in-process S3Proxy
   *     too), which the shared machine's load does not inflate as it does wall time
   */
  record Result(
      LatencyRecorder.Summary latency,
      double requestsPerLookup,
      double bytesPerLookup,
      long maxRequests,
      int notFound,
      double cpuMsPerLookup) {}

  private static final TimeWindow NO_WINDOW = TimeWindow.UNBOUNDED;

  private TraceByIdBench() {}

  /**
   * Warm: warms {@code stack} with {@code warmUp} (one id per block), then looks up {@code ids}.
   */
  static Result warm(QueryStack stack, String tenant, List<TraceId> warmUp, List<TraceId> ids) {
    for (TraceId id : warmUp) {
      stack.traceById().find(List.of(tenant), id, NO_WINDOW);
    }
    return measure(() -> stack, false, tenant, ids);
  }

  /** Cold: a new stack from {@code stacks} for every lookup. */
  static Result cold(Supplier<QueryStack> stacks, String tenant, List<TraceId> ids) {
    return measure(stacks, true, tenant, ids);
  }

  private static Result measure(
      Supplier<QueryStack> stacks, boolean closeEach, String tenant, List<TraceId> ids) {
    LatencyRecorder latency = new LatencyRecorder();
    long requests = 0;
    long bytes = 0;
    long maxRequests = 0;
    int notFound = 0;
    long cpu = 0;
    for (TraceId id : ids) {
      QueryStack stack = stacks.get();
      try {
        ReadMeter.Reads before = stack.meter().snapshot();
        long cpu0 = ProcessCpu.nanos();
        long t0 = System.nanoTime();
        TraceByIdResult r = stack.traceById().find(List.of(tenant), id, NO_WINDOW);
        latency.record(System.nanoTime() - t0);
        cpu += ProcessCpu.nanos() - cpu0;
        ReadMeter.Reads reads = stack.meter().snapshot().minus(before);
        requests += reads.requests();
        bytes += reads.bytes();
        maxRequests = Math.max(maxRequests, reads.requests());
        if (r.trace().isEmpty() || r.partial()) {
          notFound++;
        }
      } finally {
        if (closeEach) {
          stack.close();
        }
      }
    }
    int n = Math.max(1, ids.size());
    return new Result(
        latency.summary(),
        (double) requests / n,
        (double) bytes / n,
        maxRequests,
        notFound,
        cpu / 1e6 / n);
  }
}
