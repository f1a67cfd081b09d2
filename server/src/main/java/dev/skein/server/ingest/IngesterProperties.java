package dev.skein.server.ingest;

import dev.skein.ingester.live.FlushConfig;
import dev.skein.ingester.live.IngesterConfig;
import dev.skein.ingester.wal.WalConfig;
import dev.skein.server.config.ModuleProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code skein.ingester.*}: the write-ahead log, live traces and head blocks. Defaults are the
 * module's {@code DEFAULT_*} constants, so each exists once.
 */
@ConfigurationProperties("skein.ingester")
public class IngesterProperties implements ModuleProperties {

  /** Directory of the write-ahead log. Empty means "wal" under skein.data-dir. */
  private String walDir = "";

  /** A WAL segment is closed and a new one started once it reaches this many bytes. */
  private long walSegmentBytes = WalConfig.DEFAULT_SEGMENT_BYTES;

  /** A live trace without new spans for this long is cut into the head block. */
  private Duration traceIdlePeriod = IngesterConfig.DEFAULT_TRACE_IDLE_PERIOD;

  /** A live trace is cut after this long even while spans keep arriving. */
  private Duration maxTraceLive = IngesterConfig.DEFAULT_MAX_TRACE_LIVE;

  /** How often live traces and head blocks are checked for cutting. */
  private Duration flushCheckPeriod = IngesterConfig.DEFAULT_FLUSH_CHECK_PERIOD;

  /** The head block is cut once its traces hold this many bytes. */
  private long maxBlockBytes = IngesterConfig.DEFAULT_MAX_BLOCK_BYTES;

  /** The head block is cut once it is this old. */
  private Duration maxBlockDuration = IngesterConfig.DEFAULT_MAX_BLOCK_DURATION;

  /** Spans that would grow a trace past this many bytes are refused (trace_too_large). */
  private long maxBytesPerTrace = IngesterConfig.DEFAULT_MAX_BYTES_PER_TRACE;

  /**
   * Per tenant: bytes of live traces (their WAL records; traces not yet cut into the head block)
   * before pushes get 429.
   */
  private long maxLiveTraceBytes = IngesterConfig.DEFAULT_MAX_LIVE_TRACE_BYTES;

  /** All tenants: bytes live traces may hold before pushes get 503; 0 = a quarter of the heap. */
  private long maxLiveBytesTotal = IngesterConfig.DEFAULT_MAX_LIVE_BYTES_TOTAL;

  /** Whether shutdown cuts every live trace and flushes every block first. */
  private boolean flushAllOnShutdown = IngesterConfig.DEFAULT_FLUSH_ALL_ON_SHUTDOWN;

  /** Flush worker threads; each builds and uploads one block at a time. */
  private int flushWorkers = FlushConfig.DEFAULT_WORKERS;

  /** Wait before the first retry of a failed flush; doubles per failure, with jitter. */
  private Duration flushRetryBackoffMin = FlushConfig.DEFAULT_RETRY_BACKOFF_MIN;

  /** Longest wait between retries of a failed flush. */
  private Duration flushRetryBackoffMax = FlushConfig.DEFAULT_RETRY_BACKOFF_MAX;

  /**
   * How long a flushed block stays queryable on this ingester (from its WAL), so queriers that poll
   * the block list find it first; at least skein.storage.blocklist-poll. 0 lets go at once (only
   * when every querier shares this process's block list). The WAL segments are kept that long.
   */
  private Duration completeBlockTimeout = FlushConfig.DEFAULT_COMPLETE_BLOCK_TIMEOUT;

  /**
   * All tenants: WAL bytes of cut blocks not yet in the object store; past it pushes get 503 until
   * flushes catch up (a store outage then fills this much disk at most).
   */
  private long maxUnflushedBytes = FlushConfig.DEFAULT_MAX_UNFLUSHED_BYTES;

  /**
   * Internal gRPC port of the ingester query API, which queriers in other processes ask for recent
   * data. Listens only when the process runs the ingester without the querier (in `all` mode the
   * querier reads the ingester in-process). 0 picks a free port.
   */
  private int queryGrpcPort = IngesterQueryServer.DEFAULT_PORT;

  public int getQueryGrpcPort() {
    return queryGrpcPort;
  }

  public void setQueryGrpcPort(int queryGrpcPort) {
    this.queryGrpcPort = queryGrpcPort;
  }

  public String getWalDir() {
    return walDir;
  }

  public void setWalDir(String walDir) {
    this.walDir = walDir;
  }

  public long getWalSegmentBytes() {
    return walSegmentBytes;
  }

  public void setWalSegmentBytes(long walSegmentBytes) {
    this.walSegmentBytes = walSegmentBytes;
  }

  public Duration getTraceIdlePeriod() {
    return traceIdlePeriod;
  }

  public void setTraceIdlePeriod(Duration traceIdlePeriod) {
    this.traceIdlePeriod = traceIdlePeriod;
  }

  public Duration getMaxTraceLive() {
    return maxTraceLive;
  }

  public void setMaxTraceLive(Duration maxTraceLive) {
    this.maxTraceLive = maxTraceLive;
  }

  public Duration getFlushCheckPeriod() {
    return flushCheckPeriod;
  }

  public void setFlushCheckPeriod(Duration flushCheckPeriod) {
    this.flushCheckPeriod = flushCheckPeriod;
  }

  public long getMaxBlockBytes() {
    return maxBlockBytes;
  }

  public void setMaxBlockBytes(long maxBlockBytes) {
    this.maxBlockBytes = maxBlockBytes;
  }

  public Duration getMaxBlockDuration() {
    return maxBlockDuration;
  }

  public void setMaxBlockDuration(Duration maxBlockDuration) {
    this.maxBlockDuration = maxBlockDuration;
  }

  public long getMaxBytesPerTrace() {
    return maxBytesPerTrace;
  }

  public void setMaxBytesPerTrace(long maxBytesPerTrace) {
    this.maxBytesPerTrace = maxBytesPerTrace;
  }

  public long getMaxLiveTraceBytes() {
    return maxLiveTraceBytes;
  }

  public void setMaxLiveTraceBytes(long maxLiveTraceBytes) {
    this.maxLiveTraceBytes = maxLiveTraceBytes;
  }

  public long getMaxLiveBytesTotal() {
    return maxLiveBytesTotal;
  }

  public void setMaxLiveBytesTotal(long maxLiveBytesTotal) {
    this.maxLiveBytesTotal = maxLiveBytesTotal;
  }

  public boolean isFlushAllOnShutdown() {
    return flushAllOnShutdown;
  }

  public void setFlushAllOnShutdown(boolean flushAllOnShutdown) {
    this.flushAllOnShutdown = flushAllOnShutdown;
  }

  public int getFlushWorkers() {
    return flushWorkers;
  }

  public void setFlushWorkers(int flushWorkers) {
    this.flushWorkers = flushWorkers;
  }

  public Duration getFlushRetryBackoffMin() {
    return flushRetryBackoffMin;
  }

  public void setFlushRetryBackoffMin(Duration flushRetryBackoffMin) {
    this.flushRetryBackoffMin = flushRetryBackoffMin;
  }

  public Duration getFlushRetryBackoffMax() {
    return flushRetryBackoffMax;
  }

  public void setFlushRetryBackoffMax(Duration flushRetryBackoffMax) {
    this.flushRetryBackoffMax = flushRetryBackoffMax;
  }

  public Duration getCompleteBlockTimeout() {
    return completeBlockTimeout;
  }

  public void setCompleteBlockTimeout(Duration completeBlockTimeout) {
    this.completeBlockTimeout = completeBlockTimeout;
  }

  public long getMaxUnflushedBytes() {
    return maxUnflushedBytes;
  }

  public void setMaxUnflushedBytes(long maxUnflushedBytes) {
    this.maxUnflushedBytes = maxUnflushedBytes;
  }

  /** The validated ingester config, with the WAL under the default data directory if not set. */
  @Override
  public IngesterConfig toConfig() {
    return toConfig("./data");
  }

  /** The validated ingester config, with the WAL under {@code dataDir} unless wal-dir is set. */
  IngesterConfig toConfig(String dataDir) {
    if (queryGrpcPort < 0 || queryGrpcPort > 65535) {
      throw new IllegalArgumentException(
          "skein.ingester.query-grpc-port must be between 0 and 65535, was " + queryGrpcPort);
    }
    Path dir =
        (walDir.isBlank() ? Path.of(dataDir, "wal") : Path.of(walDir)).toAbsolutePath().normalize();
    return new IngesterConfig(
        new WalConfig(dir, walSegmentBytes, WalConfig.DEFAULT_MAX_BATCH_BYTES),
        traceIdlePeriod,
        maxTraceLive,
        flushCheckPeriod,
        maxBlockBytes,
        maxBlockDuration,
        maxBytesPerTrace,
        maxLiveTraceBytes,
        maxLiveBytesTotal,
        flushAllOnShutdown,
        new FlushConfig(
            flushWorkers,
            flushRetryBackoffMin,
            flushRetryBackoffMax,
            completeBlockTimeout,
            maxUnflushedBytes));
  }
}
