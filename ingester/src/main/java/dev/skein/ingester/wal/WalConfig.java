package dev.skein.ingester.wal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the write-ahead log.
 *
 * @param dir the WAL root; each tenant gets a sub-directory
 * @param segmentBytes a segment is closed and a new one started once it reaches this size
 * @param maxBatchBytes at most this many bytes are written per fsync (group commit batch)
 */
public record WalConfig(Path dir, long segmentBytes, long maxBatchBytes) {

  /** 64 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  /** 8 MiB. */
  public static final long DEFAULT_MAX_BATCH_BYTES = 8L << 20;

  /** Validates the values. */
  public WalConfig {
    Objects.requireNonNull(dir, "dir");
    if (segmentBytes < 1024) {
      throw new IllegalArgumentException(
          "skein.ingester.wal-segment-bytes must be >= 1024, was " + segmentBytes);
    }
    if (maxBatchBytes <= 0) {
      throw new IllegalArgumentException("maxBatchBytes must be > 0, was " + maxBatchBytes);
    }
  }

  /** Defaults under {@code dir}. */
  public static WalConfig defaults(Path dir) {
    return new WalConfig(dir, DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_BATCH_BYTES);
  }
}
