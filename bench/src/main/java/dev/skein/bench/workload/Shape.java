package dev.skein.bench.workload;

/** The trace shapes the generator plants on purpose, so queries have something to find. */
public enum Shape {
  /** One list query followed by many identical per-row queries. */
  N_PLUS_ONE,
  /** A call that fails with 503 and is retried several times with backoff. */
  RETRY_STORM,
  /** A parallel fan-out to index shards where one replica is far slower than the rest. */
  SLOW_FAN_OUT,
  /** Tens of seconds to minutes with nothing happening between two calls of the root. */
  IDLE_GAP,
  /** A Kafka consumer that processes the trace's event minutes later, sent in a later batch. */
  LATE_SPANS,
  /** A failed span with an exception event, its status propagated to its ancestors. */
  ERROR
}
