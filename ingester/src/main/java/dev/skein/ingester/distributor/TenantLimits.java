package dev.skein.ingester.distributor;

import org.jspecify.annotations.Nullable;

/**
 * One tenant's overrides of the ingest limits; a {@code null} field means "the process-wide
 * default". Set with {@code skein.overrides.<limit>.<tenant>}.
 *
 * @param rateLimitBytes ingestion rate in bytes per second; 0 disables the limit
 * @param burstBytes ingestion burst in bytes; also the largest single request
 * @param maxBytesPerTrace bytes one trace may hold in the ingester
 * @param maxLiveTraceBytes bytes the tenant's live traces may hold (their WAL records)
 */
public record TenantLimits(
    @Nullable Long rateLimitBytes,
    @Nullable Long burstBytes,
    @Nullable Long maxBytesPerTrace,
    @Nullable Long maxLiveTraceBytes) {

  /** No overrides: every limit is the default. */
  public static final TenantLimits DEFAULTS = new TenantLimits(null, null, null, null);

  /** Validates every value that is set, naming the property and the tenant. */
  public TenantLimits {
    if (rateLimitBytes != null && rateLimitBytes < 0) {
      throw new IllegalArgumentException("rate-limit-bytes must be >= 0, was " + rateLimitBytes);
    }
    positive("burst-bytes", burstBytes);
    positive("max-bytes-per-trace", maxBytesPerTrace);
    positive("max-live-trace-bytes", maxLiveTraceBytes);
  }

  private static void positive(String name, @Nullable Long v) {
    if (v != null && v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + v);
    }
  }

  /** The rate limit, or {@code dflt} when not overridden. */
  public long rateLimitBytes(long dflt) {
    return rateLimitBytes == null ? dflt : rateLimitBytes;
  }

  /** The burst, or {@code dflt} when not overridden. */
  public long burstBytes(long dflt) {
    return burstBytes == null ? dflt : burstBytes;
  }

  /** The per-trace limit, or {@code dflt} when not overridden. */
  public long maxBytesPerTrace(long dflt) {
    return maxBytesPerTrace == null ? dflt : maxBytesPerTrace;
  }

  /** The live-trace budget, or {@code dflt} when not overridden. */
  public long maxLiveTraceBytes(long dflt) {
    return maxLiveTraceBytes == null ? dflt : maxLiveTraceBytes;
  }
}
