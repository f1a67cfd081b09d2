package dev.skein.bench.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * What to generate. Same config (including the seed) gives byte-identical output.
 *
 * @param traces how many traces
 * @param seed seed of every random choice
 * @param startEpochNanos start time of the first trace, in Unix nanoseconds
 * @param traceIntervalNanos time between the starts of consecutive traces
 * @param medianSpansPerTrace median of the log-normal span budget of the ordinary call tree (shapes
 *     add their own spans on top)
 * @param maxSpansPerTrace upper bound of that budget
 * @param maxFanOut most downstream services one handler calls
 * @param maxDepth deepest service-call nesting below the entry service
 * @param spansPerBatch spans per export request
 * @param lateAfterTraces how many later traces are generated before a trace's late spans are sent
 * @param errorRatio share of traces with an error
 * @param nPlusOneRatio share of traces with an N+1 query comb
 * @param retryStormRatio share of traces with a retry storm
 * @param slowFanOutRatio share of traces with a slow-replica fan-out
 * @param idleGapRatio share of traces with a long idle gap
 * @param lateSpansRatio share of traces with spans that arrive late
 */
public record WorkloadConfig(
    int traces,
    long seed,
    long startEpochNanos,
    long traceIntervalNanos,
    int medianSpansPerTrace,
    int maxSpansPerTrace,
    int maxFanOut,
    int maxDepth,
    int spansPerBatch,
    int lateAfterTraces,
    double errorRatio,
    double nPlusOneRatio,
    double retryStormRatio,
    double slowFanOutRatio,
    double idleGapRatio,
    double lateSpansRatio) {

  public static final int DEFAULT_TRACES = 10_000;
  public static final long DEFAULT_SEED = 42;

  /** 2026-01-01T00:00:00Z, so that generate-stats output does not depend on the clock. */
  public static final long DEFAULT_START_EPOCH_NANOS = 1_767_225_600_000_000_000L;

  public static final long DEFAULT_TRACE_INTERVAL_NANOS = 1_000_000;
  public static final int DEFAULT_MEDIAN_SPANS_PER_TRACE = 14;
  public static final int DEFAULT_MAX_SPANS_PER_TRACE = 120;
  public static final int DEFAULT_MAX_FAN_OUT = 3;
  public static final int DEFAULT_MAX_DEPTH = 4;
  public static final int DEFAULT_SPANS_PER_BATCH = 512;
  public static final int DEFAULT_LATE_AFTER_TRACES = 200;
  public static final double DEFAULT_ERROR_RATIO = 0.05;
  public static final double DEFAULT_N_PLUS_ONE_RATIO = 0.05;
  public static final double DEFAULT_RETRY_STORM_RATIO = 0.03;
  public static final double DEFAULT_SLOW_FAN_OUT_RATIO = 0.05;
  public static final double DEFAULT_IDLE_GAP_RATIO = 0.02;
  public static final double DEFAULT_LATE_SPANS_RATIO = 0.05;

  /** Validates every field and lists all problems at once. */
  public WorkloadConfig {
    List<String> problems = new ArrayList<>();
    positive(problems, "traces", traces);
    positive(problems, "traceIntervalNanos", traceIntervalNanos);
    positive(problems, "medianSpansPerTrace", medianSpansPerTrace);
    positive(problems, "maxFanOut", maxFanOut);
    positive(problems, "maxDepth", maxDepth);
    positive(problems, "spansPerBatch", spansPerBatch);
    if (maxSpansPerTrace < medianSpansPerTrace) {
      problems.add(
          "maxSpansPerTrace must be >= medianSpansPerTrace ("
              + medianSpansPerTrace
              + "), was "
              + maxSpansPerTrace);
    }
    if (lateAfterTraces < 0) {
      problems.add("lateAfterTraces must be >= 0, was " + lateAfterTraces);
    }
    ratio(problems, "errorRatio", errorRatio);
    ratio(problems, "nPlusOneRatio", nPlusOneRatio);
    ratio(problems, "retryStormRatio", retryStormRatio);
    ratio(problems, "slowFanOutRatio", slowFanOutRatio);
    ratio(problems, "idleGapRatio", idleGapRatio);
    ratio(problems, "lateSpansRatio", lateSpansRatio);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid workload: " + String.join("; ", problems));
    }
  }

  /** The defaults, for {@code traces} traces. */
  public static WorkloadConfig defaults() {
    return new WorkloadConfig(
        DEFAULT_TRACES,
        DEFAULT_SEED,
        DEFAULT_START_EPOCH_NANOS,
        DEFAULT_TRACE_INTERVAL_NANOS,
        DEFAULT_MEDIAN_SPANS_PER_TRACE,
        DEFAULT_MAX_SPANS_PER_TRACE,
        DEFAULT_MAX_FAN_OUT,
        DEFAULT_MAX_DEPTH,
        DEFAULT_SPANS_PER_BATCH,
        DEFAULT_LATE_AFTER_TRACES,
        DEFAULT_ERROR_RATIO,
        DEFAULT_N_PLUS_ONE_RATIO,
        DEFAULT_RETRY_STORM_RATIO,
        DEFAULT_SLOW_FAN_OUT_RATIO,
        DEFAULT_IDLE_GAP_RATIO,
        DEFAULT_LATE_SPANS_RATIO);
  }

  public WorkloadConfig withTraces(int n) {
    return new WorkloadConfig(
        n,
        seed,
        startEpochNanos,
        traceIntervalNanos,
        medianSpansPerTrace,
        maxSpansPerTrace,
        maxFanOut,
        maxDepth,
        spansPerBatch,
        lateAfterTraces,
        errorRatio,
        nPlusOneRatio,
        retryStormRatio,
        slowFanOutRatio,
        idleGapRatio,
        lateSpansRatio);
  }

  public WorkloadConfig withSeed(long s) {
    return new WorkloadConfig(
        traces,
        s,
        startEpochNanos,
        traceIntervalNanos,
        medianSpansPerTrace,
        maxSpansPerTrace,
        maxFanOut,
        maxDepth,
        spansPerBatch,
        lateAfterTraces,
        errorRatio,
        nPlusOneRatio,
        retryStormRatio,
        slowFanOutRatio,
        idleGapRatio,
        lateSpansRatio);
  }

  public WorkloadConfig withStartEpochNanos(long start) {
    return new WorkloadConfig(
        traces,
        seed,
        start,
        traceIntervalNanos,
        medianSpansPerTrace,
        maxSpansPerTrace,
        maxFanOut,
        maxDepth,
        spansPerBatch,
        lateAfterTraces,
        errorRatio,
        nPlusOneRatio,
        retryStormRatio,
        slowFanOutRatio,
        idleGapRatio,
        lateSpansRatio);
  }

  public WorkloadConfig withSpansPerBatch(int n) {
    return new WorkloadConfig(
        traces,
        seed,
        startEpochNanos,
        traceIntervalNanos,
        medianSpansPerTrace,
        maxSpansPerTrace,
        maxFanOut,
        maxDepth,
        n,
        lateAfterTraces,
        errorRatio,
        nPlusOneRatio,
        retryStormRatio,
        slowFanOutRatio,
        idleGapRatio,
        lateSpansRatio);
  }

  /** Same workload with new error and shape ratios. */
  public WorkloadConfig withRatios(
      double error,
      double nPlusOne,
      double retryStorm,
      double slowFanOut,
      double idleGap,
      double late) {
    return new WorkloadConfig(
        traces,
        seed,
        startEpochNanos,
        traceIntervalNanos,
        medianSpansPerTrace,
        maxSpansPerTrace,
        maxFanOut,
        maxDepth,
        spansPerBatch,
        lateAfterTraces,
        error,
        nPlusOne,
        retryStorm,
        slowFanOut,
        idleGap,
        late);
  }

  /** Same workload with a new call-tree shape. */
  public WorkloadConfig withTree(int medianSpans, int maxSpans, int fanOut, int depth) {
    return new WorkloadConfig(
        traces,
        seed,
        startEpochNanos,
        traceIntervalNanos,
        medianSpans,
        maxSpans,
        fanOut,
        depth,
        spansPerBatch,
        lateAfterTraces,
        errorRatio,
        nPlusOneRatio,
        retryStormRatio,
        slowFanOutRatio,
        idleGapRatio,
        lateSpansRatio);
  }

  /** A copy whose traces start {@code nanos} apart (spreads the workload over a longer time). */
  public WorkloadConfig withTraceIntervalNanos(long nanos) {
    return new WorkloadConfig(
        traces,
        seed,
        startEpochNanos,
        nanos,
        medianSpansPerTrace,
        maxSpansPerTrace,
        maxFanOut,
        maxDepth,
        spansPerBatch,
        lateAfterTraces,
        errorRatio,
        nPlusOneRatio,
        retryStormRatio,
        slowFanOutRatio,
        idleGapRatio,
        lateSpansRatio);
  }

  private static void positive(List<String> problems, String name, long value) {
    if (value <= 0) {
      problems.add(name + " must be > 0, was " + value);
    }
  }

  private static void ratio(List<String> problems, String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      problems.add(name + " must be in [0, 1], was " + value);
    }
  }
}
