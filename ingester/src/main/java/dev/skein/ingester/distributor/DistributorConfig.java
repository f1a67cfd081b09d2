package dev.skein.ingester.distributor;

/**
 * Settings of the distributor; defaults live here once, as {@code DEFAULT_*} constants.
 *
 * @param multitenancyEnabled whether requests must carry X-Scope-OrgID
 * @param rateLimitBytes per-tenant ingestion rate in bytes per second (request bodies after
 *     inflation); 0 disables the limit
 * @param burstBytes per-tenant burst in bytes; a single request larger than this is refused with
 *     413
 * @param maxAttributeBytes attribute values longer than this (UTF-8 bytes) are truncated and
 *     counted; 0 disables truncation
 * @param maxRequestBytes largest accepted request body, after inflation
 * @param maxInflightBytes requests (counted by their inflated size) waiting to be made durable may
 *     hold at most this many bytes together; past it requests are refused with 503 so that a slow
 *     disk cannot pile requests up until the heap runs out
 */
public record DistributorConfig(
    boolean multitenancyEnabled,
    long rateLimitBytes,
    long burstBytes,
    int maxAttributeBytes,
    long maxRequestBytes,
    long maxInflightBytes) {

  /** 15 MB/s, as Tempo. */
  public static final long DEFAULT_RATE_LIMIT_BYTES = 15_000_000L;

  /** 20 MB, as Tempo. */
  public static final long DEFAULT_BURST_BYTES = 20_000_000L;

  /** 2048 bytes, as Tempo. */
  public static final int DEFAULT_MAX_ATTRIBUTE_BYTES = 2048;

  /** 16 MiB. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 16L << 20;

  /** 256 MiB. */
  public static final long DEFAULT_MAX_INFLIGHT_BYTES = 256L << 20;

  /** Validates every value, naming the property. */
  public DistributorConfig {
    if (rateLimitBytes < 0) {
      throw new IllegalArgumentException(
          "skein.distributor.rate-limit-bytes must be >= 0, was " + rateLimitBytes);
    }
    if (burstBytes <= 0) {
      throw new IllegalArgumentException(
          "skein.distributor.burst-bytes must be > 0, was " + burstBytes);
    }
    if (maxAttributeBytes < 0) {
      throw new IllegalArgumentException(
          "skein.distributor.max-attribute-bytes must be >= 0, was " + maxAttributeBytes);
    }
    if (maxRequestBytes <= 0 || maxRequestBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "skein.distributor.max-request-bytes must be in 1.."
              + (Integer.MAX_VALUE - 16)
              + ", was "
              + maxRequestBytes);
    }
    checkInflight(maxInflightBytes, maxRequestBytes);
  }

  /** Checks the in-flight limit (kept apart to keep the constructor short). */
  private static void checkInflight(long maxInflightBytes, long maxRequestBytes) {
    if (maxInflightBytes < maxRequestBytes) {
      throw new IllegalArgumentException(
          "skein.distributor.max-inflight-bytes must be >= max-request-bytes ("
              + maxRequestBytes
              + "), was "
              + maxInflightBytes);
    }
  }

  /** This config with multi-tenancy switched as given. */
  public DistributorConfig withMultitenancy(boolean enabled) {
    return new DistributorConfig(
        enabled, rateLimitBytes, burstBytes, maxAttributeBytes, maxRequestBytes, maxInflightBytes);
  }

  /** Every default, multi-tenancy off. */
  public static DistributorConfig defaults() {
    return new DistributorConfig(
        false,
        DEFAULT_RATE_LIMIT_BYTES,
        DEFAULT_BURST_BYTES,
        DEFAULT_MAX_ATTRIBUTE_BYTES,
        DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_MAX_INFLIGHT_BYTES);
  }
}
