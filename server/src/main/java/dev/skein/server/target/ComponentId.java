package dev.skein.server.target;

/**
 * The components a target may run. A component is wired only when its target asks for it; the order
 * here is the start order (dependencies first).
 */
public enum ComponentId {
  /** The object store holding blocks (local or S3), with its cache and metrics decorators. */
  STORE,
  /** Write-ahead log, live traces, head block, block completion and flush. */
  INGESTER,
  /** Tenant, validation, limits, split by trace id; hands spans to the span sink. */
  DISTRIBUTOR,
  /** OTLP/gRPC on 4317 and OTLP/HTTP on 4318. */
  RECEIVERS,
  /** Trace by id, search, tags. */
  QUERIER,
  /** Compaction, retention, tenant index. */
  COMPACTOR
}
