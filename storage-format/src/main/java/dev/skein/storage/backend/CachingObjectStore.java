package dev.skein.storage.backend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A decorator that keeps small objects and small ranges in memory (Caffeine, bounded by a byte
 * budget), for the reads every query repeats: bloom shards, Parquet footers, page and search
 * indexes. Thread-safe.
 *
 * <p>Entries are whole objects or exact ranges (key, offset, length); a range of a cached whole
 * object is served from it. Reads larger than {@link CachingObjectStoreConfig#maxEntryBytes()}
 * bypass the cache. Writes and deletes through this store invalidate every entry of their key
 * before they return, and a read racing with a write never leaves a stale entry behind; writes by
 * other processes are seen once the entry expires ({@link
 * CachingObjectStoreConfig#expireAfterWrite()}). Not-found is never cached.
 *
 * <p>Callers get their own copy of cached bytes, so they may modify what they receive.
 */
public final class CachingObjectStore implements ObjectStore {

  /** Rough heap cost of an entry beyond its bytes: key record, strings, Caffeine node. */
  private static final int ENTRY_OVERHEAD_BYTES = 96;

  private static final long WHOLE = -1;

  private final ObjectStore delegate;
  private final CachingObjectStoreConfig config;
  private final Cache<Entry, byte[]> cache;
  // Bumped by every write; a read that overlapped one does not keep what it fetched.
  private final AtomicLong writes = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** Wraps {@code delegate}; closing this store closes it. */
  public CachingObjectStore(ObjectStore delegate, CachingObjectStoreConfig config) {
    this(delegate, config, System::nanoTime);
  }

  /**
   * Wraps {@code delegate} with an explicit nanosecond time source for expiry, for tests. Evictions
   * run on the calling thread, so sizes are exact after each call.
   */
  public CachingObjectStore(
      ObjectStore delegate, CachingObjectStoreConfig config, LongSupplier nanoTime) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(nanoTime, "nanoTime");
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(config.maxBytes())
            .weigher((Entry e, byte[] bytes) -> weight(e, bytes))
            .expireAfterWrite(config.expireAfterWrite())
            .ticker(nanoTime::getAsLong)
            .executor(Runnable::run)
            .build();
  }

  /**
   * The store behind the cache, for readers of objects that other processes rewrite in place (the
   * compactor's tenant index): polling those through the cache would serve a copy up to {@code
   * expireAfterWrite} old.
   */
  public ObjectStore uncached() {
    return delegate;
  }

  @Override
  public byte[] get(String key) {
    ObjectKeys.validate(key);
    Entry whole = new Entry(key, WHOLE, -1);
    byte[] cached = cache.getIfPresent(whole);
    if (cached != null) {
      hits.increment();
      return cached.clone();
    }
    misses.increment();
    long before = writes.get();
    byte[] bytes = delegate.get(key);
    if (bytes.length <= config.maxEntryBytes()) {
      remember(whole, bytes.clone(), before);
    }
    return bytes;
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "offset and length must be >= 0, were " + offset + ", " + length);
    }
    ObjectKeys.validate(key);
    byte[] whole = cache.getIfPresent(new Entry(key, WHOLE, -1));
    if (whole != null) {
      hits.increment();
      int from = (int) Math.min(offset, whole.length);
      return Arrays.copyOfRange(whole, from, (int) Math.min((long) from + length, whole.length));
    }
    if (length > config.maxEntryBytes()) {
      misses.increment();
      return delegate.getRange(key, offset, length);
    }
    Entry range = new Entry(key, offset, length);
    byte[] cached = cache.getIfPresent(range);
    if (cached != null) {
      hits.increment();
      return cached.clone();
    }
    misses.increment();
    long before = writes.get();
    byte[] bytes = delegate.getRange(key, offset, length);
    remember(range, bytes.clone(), before);
    return bytes;
  }

  @Override
  public long size(String key) {
    ObjectKeys.validate(key);
    byte[] whole = cache.getIfPresent(new Entry(key, WHOLE, -1));
    return whole != null ? whole.length : delegate.size(key);
  }

  @Override
  public boolean exists(String key) {
    ObjectKeys.validate(key);
    return cache.getIfPresent(new Entry(key, WHOLE, -1)) != null || delegate.exists(key);
  }

  @Override
  public void put(String key, byte[] bytes) {
    try {
      delegate.put(key, bytes);
    } finally {
      invalidate(key);
    }
  }

  @Override
  public void put(String key, Path file) {
    try {
      delegate.put(key, file);
    } finally {
      invalidate(key);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    try {
      return delegate.putIfAbsent(key, bytes);
    } finally {
      invalidate(key);
    }
  }

  @Override
  public List<String> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public List<String> children(String prefix) {
    return delegate.children(prefix);
  }

  @Override
  public void delete(String key) {
    try {
      delegate.delete(key);
    } finally {
      invalidate(key);
    }
  }

  /** Drops every entry and closes the wrapped store. */
  @Override
  public void close() {
    cache.invalidateAll();
    delegate.close();
  }

  /** Reads answered from memory so far. */
  public long hits() {
    return hits.sum();
  }

  /** Reads that went to the wrapped store so far. */
  public long misses() {
    return misses.sum();
  }

  /** Bytes the cache holds now, by its weigher (object bytes plus per-entry overhead). */
  public long cachedBytes() {
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }

  /** The configuration. */
  public CachingObjectStoreConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return "CachingObjectStore{maxBytes="
        + config.maxBytes()
        + ", maxEntryBytes="
        + config.maxEntryBytes()
        + ", delegate="
        + delegate
        + "}";
  }

  private void remember(Entry entry, byte[] bytes, long writesBefore) {
    if (writes.get() != writesBefore) {
      return;
    }
    cache.put(entry, bytes);
    // A write may have finished (and invalidated) between our check and our put: undo ours.
    if (writes.get() != writesBefore) {
      cache.invalidate(entry);
    }
  }

  private void invalidate(String key) {
    writes.incrementAndGet();
    cache.asMap().keySet().removeIf(e -> e.key().equals(key));
  }

  private static int weight(Entry entry, byte[] bytes) {
    long w = (long) bytes.length + 2L * entry.key().length() + ENTRY_OVERHEAD_BYTES;
    return (int) Math.min(Integer.MAX_VALUE, w);
  }

  /** A cached whole object ({@code offset == -1}) or exact range. */
  private record Entry(String key, long offset, int length) {}
}
