package dev.skein.bench.cli;

import dev.skein.bench.workload.WorkloadConfig;
import java.util.List;

/** The flags that shape the workload, shared by every command. */
final class WorkloadFlags {

  static final List<Args.Flag> FLAGS =
      List.of(
          new Args.Flag("traces", "" + WorkloadConfig.DEFAULT_TRACES, "traces to generate"),
          new Args.Flag("seed", "" + WorkloadConfig.DEFAULT_SEED, "seed of every random choice"),
          new Args.Flag(
              "batch-spans", "" + WorkloadConfig.DEFAULT_SPANS_PER_BATCH, "spans per request"),
          new Args.Flag(
              "median-spans",
              "" + WorkloadConfig.DEFAULT_MEDIAN_SPANS_PER_TRACE,
              "median span budget of a trace's call tree (shapes add more)"),
          new Args.Flag(
              "max-spans", "" + WorkloadConfig.DEFAULT_MAX_SPANS_PER_TRACE, "cap of that budget"),
          new Args.Flag(
              "fan-out",
              "" + WorkloadConfig.DEFAULT_MAX_FAN_OUT,
              "most services one handler calls"),
          new Args.Flag("depth", "" + WorkloadConfig.DEFAULT_MAX_DEPTH, "deepest call nesting"),
          new Args.Flag(
              "error-ratio",
              "" + WorkloadConfig.DEFAULT_ERROR_RATIO,
              "share of traces with an error"),
          new Args.Flag(
              "n-plus-one-ratio",
              "" + WorkloadConfig.DEFAULT_N_PLUS_ONE_RATIO,
              "share with an N+1 query comb"),
          new Args.Flag(
              "retry-storm-ratio",
              "" + WorkloadConfig.DEFAULT_RETRY_STORM_RATIO,
              "share with a retry storm"),
          new Args.Flag(
              "slow-fan-out-ratio",
              "" + WorkloadConfig.DEFAULT_SLOW_FAN_OUT_RATIO,
              "share with a slow-replica fan-out"),
          new Args.Flag(
              "idle-gap-ratio",
              "" + WorkloadConfig.DEFAULT_IDLE_GAP_RATIO,
              "share with a long idle gap"),
          new Args.Flag(
              "late-ratio",
              "" + WorkloadConfig.DEFAULT_LATE_SPANS_RATIO,
              "share with spans that arrive minutes late"),
          new Args.Flag(
              "late-after-traces",
              "" + WorkloadConfig.DEFAULT_LATE_AFTER_TRACES,
              "traces generated before late spans are sent"));

  private WorkloadFlags() {}

  /**
   * The workload the flags describe, starting at {@code startEpochNanos}.
   *
   * @throws UsageException when the combination is invalid
   */
  static WorkloadConfig config(Args a, long startEpochNanos) {
    try {
      return new WorkloadConfig(
          a.integer("traces"),
          a.longValue("seed"),
          startEpochNanos,
          WorkloadConfig.DEFAULT_TRACE_INTERVAL_NANOS,
          a.integer("median-spans"),
          a.integer("max-spans"),
          a.integer("fan-out"),
          a.integer("depth"),
          a.integer("batch-spans"),
          a.integer("late-after-traces"),
          a.decimal("error-ratio"),
          a.decimal("n-plus-one-ratio"),
          a.decimal("retry-storm-ratio"),
          a.decimal("slow-fan-out-ratio"),
          a.decimal("idle-gap-ratio"),
          a.decimal("late-ratio"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }
}
