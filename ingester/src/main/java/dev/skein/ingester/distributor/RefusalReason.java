package dev.skein.ingester.distributor;

/**
 * Why spans were not accepted; the {@link #label()} is the {@code reason} tag of {@code
 * skein_distributor_spans_refused_total}.
 */
public enum RefusalReason {
  /** The trace id is not 16 bytes or is all zeros. */
  INVALID_TRACE_ID("invalid_trace_id"),
  /** The span id is not 8 bytes or is all zeros. */
  INVALID_SPAN_ID("invalid_span_id"),
  /** The end time is before the start time. */
  END_BEFORE_START("end_before_start"),
  /** The trace would exceed the per-trace byte limit. */
  TRACE_TOO_LARGE("trace_too_large"),
  /** The tenant is over its ingestion rate. */
  RATE_LIMITED("rate_limited"),
  /** Live traces are over their memory budget (tenant or process). */
  LIVE_TRACES_EXCEEDED("live_traces_exceeded"),
  /** The write-ahead log could not be written (full disk, I/O error); retryable. */
  WAL_WRITE_FAILED("wal_write_failed"),
  /** The request could not be made durable (shutting down, other failures). */
  UNAVAILABLE("unavailable"),
  /** The request body was too large. */
  TOO_LARGE("request_too_large");

  private final String label;

  RefusalReason(String label) {
    this.label = label;
  }

  /** The metric label, e.g. {@code trace_too_large}. */
  public String label() {
    return label;
  }
}
