package dev.skein.ingester.live;

import dev.skein.ingester.wal.WalConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the ingester; defaults live here once, as {@code DEFAULT_*} constants.
 *
 * @param wal the write-ahead log
 * @param traceIdlePeriod a live trace without new spans for this long is cut into the head block
 * @param maxTraceLive a live trace is cut after this long even if spans keep coming
 * @param flushCheckPeriod how often live traces and the head block are checked for cutting
 * @param maxBlockBytes the head block is cut once its traces hold this many bytes
 * @param maxBlockDuration the head block is cut once it is this old (and not empty)
 * @param maxBytesPerTrace spans that would grow a trace past this many bytes are refused with
 *     reason trace_too_large
 * @param maxLiveTraceBytes per tenant: live traces may hold at most this many bytes; past it pushes
 *     are refused with 429 until traces are cut
 * @param maxLiveBytesTotal for all tenants together; 0 means a quarter of the JVM's max heap; past
 *     it pushes are refused with 503
 * @param flushAllOnShutdown whether closing cuts every live trace and completes every block first
 *     (only meaningful once a {@link BlockCompleter} is wired)
 * @param flush flush workers, retries and how long flushed blocks stay queryable here
 */
public record IngesterConfig(
    WalConfig wal,
    Duration traceIdlePeriod,
    Duration maxTraceLive,
    Duration flushCheckPeriod,
    long maxBlockBytes,
    Duration maxBlockDuration,
    long maxBytesPerTrace,
    long maxLiveTraceBytes,
    long maxLiveBytesTotal,
    boolean flushAllOnShutdown,
    FlushConfig flush) {

  /** 5 s, as Tempo. */
  public static final Duration DEFAULT_TRACE_IDLE_PERIOD = Duration.ofSeconds(5);

  /** 30 s, as Tempo. */
  public static final Duration DEFAULT_MAX_TRACE_LIVE = Duration.ofSeconds(30);

  /** 1 s. */
  public static final Duration DEFAULT_FLUSH_CHECK_PERIOD = Duration.ofSeconds(1);

  /** 100 MiB. */
  public static final long DEFAULT_MAX_BLOCK_BYTES = 100L << 20;

  /** 5 min. */
  public static final Duration DEFAULT_MAX_BLOCK_DURATION = Duration.ofMinutes(5);

  /** 5 MB, as Tempo. */
  public static final long DEFAULT_MAX_BYTES_PER_TRACE = 5_000_000L;

  /** 250 MB, as Tempo's live store. */
  public static final long DEFAULT_MAX_LIVE_TRACE_BYTES = 250_000_000L;

  /** Flush everything on shutdown. */
  public static final boolean DEFAULT_FLUSH_ALL_ON_SHUTDOWN = true;

  /** 0: a quarter of the JVM's max heap. */
  public static final long DEFAULT_MAX_LIVE_BYTES_TOTAL = 0;

  /** Validates every value, naming the property. */
  public IngesterConfig {
    Objects.requireNonNull(wal, "wal");
    Objects.requireNonNull(flush, "flush");
    positive("trace-idle-period", traceIdlePeriod);
    positive("max-trace-live", maxTraceLive);
    positive("flush-check-period", flushCheckPeriod);
    positive("max-block-duration", maxBlockDuration);
    positive("max-block-bytes", maxBlockBytes);
    positive("max-bytes-per-trace", maxBytesPerTrace);
    positive("max-live-trace-bytes", maxLiveTraceBytes);
    if (maxLiveBytesTotal < 0) {
      throw new IllegalArgumentException(
          "skein.ingester.max-live-bytes-total must be >= 0, was " + maxLiveBytesTotal);
    }
  }

  /** These settings with the default {@link FlushConfig}. */
  public IngesterConfig(
      WalConfig wal,
      Duration traceIdlePeriod,
      Duration maxTraceLive,
      Duration flushCheckPeriod,
      long maxBlockBytes,
      Duration maxBlockDuration,
      long maxBytesPerTrace,
      long maxLiveTraceBytes,
      long maxLiveBytesTotal,
      boolean flushAllOnShutdown) {
    this(
        wal,
        traceIdlePeriod,
        maxTraceLive,
        flushCheckPeriod,
        maxBlockBytes,
        maxBlockDuration,
        maxBytesPerTrace,
        maxLiveTraceBytes,
        maxLiveBytesTotal,
        flushAllOnShutdown,
        FlushConfig.defaults());
  }

  /** Every default, with the WAL under {@code wal}. */
  public static IngesterConfig defaults(WalConfig wal) {
    return new IngesterConfig(
        wal,
        DEFAULT_TRACE_IDLE_PERIOD,
        DEFAULT_MAX_TRACE_LIVE,
        DEFAULT_FLUSH_CHECK_PERIOD,
        DEFAULT_MAX_BLOCK_BYTES,
        DEFAULT_MAX_BLOCK_DURATION,
        DEFAULT_MAX_BYTES_PER_TRACE,
        DEFAULT_MAX_LIVE_TRACE_BYTES,
        DEFAULT_MAX_LIVE_BYTES_TOTAL,
        DEFAULT_FLUSH_ALL_ON_SHUTDOWN,
        FlushConfig.defaults());
  }

  /** The process-wide live-bytes budget with 0 resolved against the heap. */
  long effectiveMaxLiveBytesTotal() {
    return maxLiveBytesTotal > 0 ? maxLiveBytesTotal : Runtime.getRuntime().maxMemory() / 4;
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("skein.ingester." + name + " must be > 0, was " + d);
    }
  }

  private static void positive(String name, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException("skein.ingester." + name + " must be > 0, was " + v);
    }
  }
}
