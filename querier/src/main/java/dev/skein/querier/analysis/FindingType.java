package dev.skein.querier.analysis;

/** The bad shapes {@link TraceAnalyzer} recognises; querier/README.md explains each one. */
public enum FindingType {
  /** One parent runs many sequential calls of the same operation, e.g. a query per row. */
  N_PLUS_ONE,
  /** The same operation runs many times and most attempts fail. */
  RETRY_STORM,
  /** A parent calls many children in parallel and one child is much slower than the others. */
  FAN_OUT_TAIL,
  /** A parent has a long stretch of time that none of its children covers. */
  IDLE_GAP,
  /** A client span lasts much longer than the server span it called. */
  NETWORK_GAP,
  /** Spans whose parent never arrived, or several roots in one trace. */
  BROKEN_PROPAGATION,
  /** A chain of failed spans, with the span where the failure started. */
  ERROR
}
