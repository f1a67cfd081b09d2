package dev.skein.server.ingest;

import dev.skein.ingester.distributor.DistributorConfig;
import dev.skein.ingester.live.IngesterConfig;
import dev.skein.ingester.wal.WalConfig;
import dev.skein.server.config.SkeinProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code skein.distributor.*} and {@code skein.ingester.*} settings. Defaults are the module's
 * {@code DEFAULT_*} constants, so each exists once; docs/configuration.md lists them.
 */
@ConfigurationProperties("skein")
public class IngestProperties {

  private final Distributor distributor = new Distributor();
  private final Ingester ingester = new Ingester();

  public Distributor getDistributor() {
    return distributor;
  }

  public Ingester getIngester() {
    return ingester;
  }

  /** The distributor's record, with multi-tenancy from {@code skein.multitenancy-enabled}. */
  DistributorConfig distributorConfig(SkeinProperties skein) {
    return new DistributorConfig(
        skein.isMultitenancyEnabled(),
        distributor.rateLimitBytes,
        distributor.burstBytes,
        distributor.maxAttributeBytes,
        distributor.maxRequestBytes);
  }

  /** The ingester's record, with the WAL under {@code skein.data-dir} unless set. */
  IngesterConfig ingesterConfig(SkeinProperties skein) {
    Path walDir =
        (ingester.walDir.isBlank() ? Path.of(skein.getDataDir(), "wal") : Path.of(ingester.walDir))
            .toAbsolutePath()
            .normalize();
    return new IngesterConfig(
        new WalConfig(walDir, ingester.walSegmentBytes, WalConfig.DEFAULT_MAX_BATCH_BYTES),
        ingester.traceIdlePeriod,
        ingester.maxTraceLive,
        ingester.flushCheckPeriod,
        ingester.maxBlockBytes,
        ingester.maxBlockDuration,
        ingester.maxBytesPerTrace,
        ingester.maxLiveTraceBytes,
        ingester.maxLiveBytesTotal,
        ingester.flushAllOnShutdown);
  }

  /** Receivers and the distributor. */
  public static class Distributor {

    /** Port of the OTLP/gRPC receiver (TraceService/Export). 0 picks a free port. */
    private int otlpGrpcPort = OtlpGrpcReceiver.DEFAULT_PORT;

    /** Port of the OTLP/HTTP receiver (POST /v1/traces). 0 picks a free port. */
    private int otlpHttpPort = OtlpHttpReceiver.DEFAULT_PORT;

    /** Per-tenant ingestion rate in bytes per second (inflated request bodies); 0 disables it. */
    private long rateLimitBytes = DistributorConfig.DEFAULT_RATE_LIMIT_BYTES;

    /** Per-tenant burst in bytes; a single request larger than this is refused with 413. */
    private long burstBytes = DistributorConfig.DEFAULT_BURST_BYTES;

    /** Attribute values longer than this many UTF-8 bytes are truncated and counted; 0: never. */
    private int maxAttributeBytes = DistributorConfig.DEFAULT_MAX_ATTRIBUTE_BYTES;

    /** Largest accepted request body in bytes, after gzip inflation (413 above it). */
    private long maxRequestBytes = DistributorConfig.DEFAULT_MAX_REQUEST_BYTES;

    public int getOtlpGrpcPort() {
      return otlpGrpcPort;
    }

    public void setOtlpGrpcPort(int otlpGrpcPort) {
      this.otlpGrpcPort = otlpGrpcPort;
    }

    public int getOtlpHttpPort() {
      return otlpHttpPort;
    }

    public void setOtlpHttpPort(int otlpHttpPort) {
      this.otlpHttpPort = otlpHttpPort;
    }

    public long getRateLimitBytes() {
      return rateLimitBytes;
    }

    public void setRateLimitBytes(long rateLimitBytes) {
      this.rateLimitBytes = rateLimitBytes;
    }

    public long getBurstBytes() {
      return burstBytes;
    }

    public void setBurstBytes(long burstBytes) {
      this.burstBytes = burstBytes;
    }

    public int getMaxAttributeBytes() {
      return maxAttributeBytes;
    }

    public void setMaxAttributeBytes(int maxAttributeBytes) {
      this.maxAttributeBytes = maxAttributeBytes;
    }

    public long getMaxRequestBytes() {
      return maxRequestBytes;
    }

    public void setMaxRequestBytes(long maxRequestBytes) {
      this.maxRequestBytes = maxRequestBytes;
    }
  }

  /** Write-ahead log, live traces and head blocks. */
  public static class Ingester {

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

    /** Per tenant: bytes live traces may hold in memory before pushes get 429. */
    private long maxLiveTraceBytes = IngesterConfig.DEFAULT_MAX_LIVE_TRACE_BYTES;

    /** All tenants: bytes live traces may hold before pushes get 503; 0 = a quarter of the heap. */
    private long maxLiveBytesTotal = IngesterConfig.DEFAULT_MAX_LIVE_BYTES_TOTAL;

    /** Whether shutdown cuts and completes everything first (once block completion is wired). */
    private boolean flushAllOnShutdown = IngesterConfig.DEFAULT_FLUSH_ALL_ON_SHUTDOWN;

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
  }
}
