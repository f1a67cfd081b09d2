package dev.skein.storage.backend;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a {@link CachingObjectStore}.
 *
 * @param maxBytes the byte budget of the whole cache (object bytes plus a small per-entry
 *     overhead); 0 disables caching
 * @param maxEntryBytes the largest object or range that is cached: bigger reads go straight to the
 *     store, so one scan cannot flush the small hot objects (bloom shards, footers, indexes)
 * @param expireAfterWrite how long an entry may be served; bounds how stale a cached object can be
 *     when another process (a compactor, in scale-out mode) rewrites it, since only this process's
 *     own writes invalidate entries at once
 */
public record CachingObjectStoreConfig(
    long maxBytes, int maxEntryBytes, Duration expireAfterWrite) {

  /** 256 MiB of cache by default. */
  public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

  /** Objects and ranges up to 4 MiB are cached by default: bloom shards, footers, page indexes. */
  public static final int DEFAULT_MAX_ENTRY_BYTES = 4 * 1024 * 1024;

  /** Entries live 10 minutes by default, twice Tempo's default block-list poll period. */
  public static final Duration DEFAULT_EXPIRE_AFTER_WRITE = Duration.ofMinutes(10);

  /** Validates the sizes and duration. */
  public CachingObjectStoreConfig {
    Objects.requireNonNull(expireAfterWrite, "expireAfterWrite");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
    }
    if (maxEntryBytes < 0) {
      throw new IllegalArgumentException("maxEntryBytes must be >= 0, was " + maxEntryBytes);
    }
    if (!expireAfterWrite.isPositive()) {
      throw new IllegalArgumentException("expireAfterWrite must be > 0, was " + expireAfterWrite);
    }
  }

  /** The defaults. */
  public static CachingObjectStoreConfig defaults() {
    return ofMaxBytes(DEFAULT_MAX_BYTES);
  }

  /** The defaults with the given budget. */
  public static CachingObjectStoreConfig ofMaxBytes(long maxBytes) {
    return new CachingObjectStoreConfig(
        maxBytes, DEFAULT_MAX_ENTRY_BYTES, DEFAULT_EXPIRE_AFTER_WRITE);
  }
}
