package dev.skein.bench.store;

import dev.skein.api.v1.SearchResponse;
import dev.skein.bench.report.LatencyRecorder;
import dev.skein.bench.store.StoreQueries.StoreQuery;
import dev.skein.querier.search.SearchQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs one search through {@link dev.skein.querier.search.SearchEngine} as the server does (the
 * parameters go through its request parser): once on a fresh stack (cold: no reader, empty cache),
 * then, unless that took longer than the slow limit, once more unmeasured and {@code repeats} times
 * measured on the long-lived warm stack.
 */
final class SearchBench {

  /**
   * What one query measured.
   *
   * @param coldMs wall time of the cold run
   * @param coldReads store reads of the cold run
   * @param coldCpuSeconds process CPU time of the cold run
   * @param warm wall times of the warm runs, or null when skipped
   * @param warmReads store reads of one warm run, on average
   * @param warmCpuSeconds process CPU time of one warm run, on average
   * @param response the answer of the last run (results and inspected traces, spans, bytes)
   */
  record Result(
      double coldMs,
      ReadMeter.Reads coldReads,
      double coldCpuSeconds,
      LatencyRecorder.@Nullable Summary warm,
      ReadMeter.Reads warmReads,
      double warmCpuSeconds,
      SearchResponse response) {

    /** CPU seconds of one run: warm when measured, else cold. */
    double cpuSeconds() {
      return warm != null ? warmCpuSeconds : coldCpuSeconds;
    }

    /** OTLP bytes of the spans inspected, per CPU second, in GB/s. */
    double spanDataGbPerCpuSecond() {
      double cpu = cpuSeconds();
      return cpu > 0 ? response.getMetrics().getInspectedBytes() / cpu / 1e9 : 0;
    }

    /** p50 of the warm runs, or the cold run when no warm run was made. */
    double p50Ms() {
      return warm != null ? warm.p50() : coldMs;
    }
  }

  private SearchBench() {}

  static Result run(
      StoreQuery query,
      long startSeconds,
      long endSeconds,
      String tenant,
      Supplier<QueryStack> cold,
      QueryStack warmStack,
      int repeats,
      double slowSeconds) {
    Map<String, String> params = new HashMap<>(query.params());
    params.put("start", Long.toString(startSeconds));
    params.put("end", Long.toString(endSeconds));
    Run coldRun;
    try (QueryStack stack = cold.get()) {
      coldRun = Run.of(stack, tenant, params);
    }
    if (coldRun.ms / 1000 > slowSeconds || repeats < 1) {
      return new Result(
          coldRun.ms,
          coldRun.reads,
          coldRun.cpuSeconds,
          null,
          new ReadMeter.Reads(0, 0),
          0,
          coldRun.response);
    }
    Run.of(warmStack, tenant, params); // warm-up: loads this query's indexes and pages
    LatencyRecorder latency = new LatencyRecorder();
    long requests = 0;
    long bytes = 0;
    double cpu = 0;
    Run last = coldRun;
    for (int i = 0; i < repeats; i++) {
      last = Run.of(warmStack, tenant, params);
      latency.record((long) (last.ms * 1e6));
      requests += last.reads.requests();
      bytes += last.reads.bytes();
      cpu += last.cpuSeconds;
    }
    return new Result(
        coldRun.ms,
        coldRun.reads,
        coldRun.cpuSeconds,
        latency.summary(),
        new ReadMeter.Reads(requests / repeats, bytes / repeats),
        cpu / repeats,
        last.response);
  }

  private record Run(double ms, ReadMeter.Reads reads, double cpuSeconds, SearchResponse response) {
    static Run of(QueryStack stack, String tenant, Map<String, String> params) {
      SearchQuery q = stack.search().parser().parse(params);
      ReadMeter.Reads before = stack.meter().snapshot();
      long cpu0 = ProcessCpu.nanos();
      long t0 = System.nanoTime();
      SearchResponse r = stack.search().search(List.of(tenant), q);
      double ms = (System.nanoTime() - t0) / 1e6;
      double cpu = (ProcessCpu.nanos() - cpu0) / 1e9;
      return new Run(ms, stack.meter().snapshot().minus(before), cpu, r);
    }
  }
}
