package dev.skein.ingester.live;

import java.time.Duration;
import java.util.Objects;

/**
 * How cut head blocks reach the object store; defaults live here once, as {@code DEFAULT_*}
 * constants.
 *
 * @param workers flush worker threads; each builds and uploads one block at a time
 * @param retryBackoffMin the wait before the first retry of a failed flush; it doubles with every
 *     further failure
 * @param retryBackoffMax the longest wait between retries
 * @param completeBlockTimeout how long the ingester keeps answering queries for a block after it is
 *     in the object store, so that processes polling the block list see it before the ingester lets
 *     go; at least one block-list poll period plus a margin
 * @param maxUnflushedBytes cut blocks waiting for the object store may hold at most this many WAL
 *     bytes (all tenants); past it pushes are refused with 503 until flushes catch up
 */
public record FlushConfig(
    int workers,
    Duration retryBackoffMin,
    Duration retryBackoffMax,
    Duration completeBlockTimeout,
    long maxUnflushedBytes) {

  /**
   * 2: on the 2-core reference machine one worker can build a block (CPU) while the other uploads
   * (network).
   */
  public static final int DEFAULT_WORKERS = 2;

  /** 1 s. */
  public static final Duration DEFAULT_RETRY_BACKOFF_MIN = Duration.ofSeconds(1);

  /** 2 min. */
  public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofMinutes(2);

  /** 15 min, as Tempo: three default block-list polls (5 min) of margin. */
  public static final Duration DEFAULT_COMPLETE_BLOCK_TIMEOUT = Duration.ofMinutes(15);

  /** 2 GiB of write-ahead log. */
  public static final long DEFAULT_MAX_UNFLUSHED_BYTES = 2L << 30;

  /** Validates every value, naming the property. */
  public FlushConfig {
    if (workers < 1 || workers > 64) {
      throw new IllegalArgumentException(
          "skein.ingester.flush-workers must be in 1..64, was " + workers);
    }
    positive("flush-retry-backoff-min", retryBackoffMin);
    positive("flush-retry-backoff-max", retryBackoffMax);
    if (retryBackoffMax.compareTo(retryBackoffMin) < 0) {
      throw new IllegalArgumentException(
          "skein.ingester.flush-retry-backoff-max ("
              + retryBackoffMax
              + ") must be >= flush-retry-backoff-min ("
              + retryBackoffMin
              + ")");
    }
    Objects.requireNonNull(completeBlockTimeout, "completeBlockTimeout");
    if (completeBlockTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "skein.ingester.complete-block-timeout must be >= 0, was " + completeBlockTimeout);
    }
    if (maxUnflushedBytes <= 0) {
      throw new IllegalArgumentException(
          "skein.ingester.max-unflushed-bytes must be > 0, was " + maxUnflushedBytes);
    }
  }

  /** Every default. */
  public static FlushConfig defaults() {
    return new FlushConfig(
        DEFAULT_WORKERS,
        DEFAULT_RETRY_BACKOFF_MIN,
        DEFAULT_RETRY_BACKOFF_MAX,
        DEFAULT_COMPLETE_BLOCK_TIMEOUT,
        DEFAULT_MAX_UNFLUSHED_BYTES);
  }

  /**
   * The wait before retry number {@code attempt} (1 for the first retry): {@code retryBackoffMin ×
   * 2^(attempt-1)}, capped at {@code retryBackoffMax}, then scaled by {@code jitter} (0..1) into
   * its upper half so that many failed blocks do not retry in lockstep.
   */
  public Duration backoff(int attempt, double jitter) {
    long min = retryBackoffMin.toNanos();
    long max = retryBackoffMax.toNanos();
    int shift = Math.min(Math.max(attempt - 1, 0), 40);
    long base = min > (max >> shift) ? max : Math.min(max, min << shift);
    return Duration.ofNanos((long) (base * (0.5 + 0.5 * jitter)));
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("skein.ingester." + name + " must be > 0, was " + d);
    }
  }
}
