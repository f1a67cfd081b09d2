package dev.skein.querier.analysis;

/**
 * How much a finding matters. Timing findings are graded by the share of the trace's duration they
 * account for (see {@link AnalysisConfig}); errors that reach a root span are {@link #HIGH}.
 */
public enum Severity {
  /** Worth knowing; small effect on this trace. */
  LOW,
  /** A noticeable part of the latency, or a failure below the root. */
  MEDIUM,
  /** Most of the latency, or a failed request. */
  HIGH
}
