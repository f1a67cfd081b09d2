package dev.skein.querier.blocks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalListener;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import java.util.UUID;

/**
 * Open block readers, kept so that what a reader caches (bloom shards, footers, the search index)
 * is reused across queries. Bounded by count or, with {@link #ofMaxBytes}, by the bytes those
 * cached objects may take (from each block's meta: footer, search index and bloom sizes), so that a
 * few huge blocks cannot hold gigabytes of footers. Evicted readers are closed. Thread-safe.
 */
public final class BlockReaders implements AutoCloseable {

  /** How many block readers stay open by default (count-bounded instances). */
  public static final int DEFAULT_MAX_OPEN = 2_000;

  /**
   * 512 MiB of footers, search indexes and bloom shards: every block of a tenant of about 2 G spans
   * at vsk1's sizes (footer ~1.3, search index ~1.1, blooms ~0.06 bytes per span).
   */
  public static final long DEFAULT_MAX_BYTES = 512L << 20;

  private final ObjectStore store;
  private final Cache<UUID, BlockReader> readers;
  private final String bound;

  /** Closes evicted readers; eviction runs on the calling thread, so nothing races with it. */
  private static final RemovalListener<UUID, BlockReader> CLOSE =
      (id, reader, cause) -> {
        if (reader != null) {
          reader.close();
        }
      };

  /** Creates the cache over {@code store}, keeping at most {@code maxOpen} readers. */
  public BlockReaders(ObjectStore store, int maxOpen) {
    this(
        store,
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumSize(maxOpen)
            .removalListener(CLOSE)
            .build(),
        "maxOpen=" + maxOpen);
  }

  private BlockReaders(ObjectStore store, Cache<UUID, BlockReader> readers, String bound) {
    this.store = store;
    this.readers = readers;
    this.bound = bound;
  }

  /**
   * Creates the cache over {@code store}, keeping readers whose blocks' cacheable objects (footer,
   * search index, bloom shards, as their meta gives them) add up to at most {@code maxBytes}.
   */
  public static BlockReaders ofMaxBytes(ObjectStore store, long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be > 0, was " + maxBytes);
    }
    Cache<UUID, BlockReader> readers =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumWeight(maxBytes)
            .weigher((UUID id, BlockReader r) -> weight(r.meta()))
            .removalListener(CLOSE)
            .build();
    return new BlockReaders(store, readers, "maxBytes=" + maxBytes);
  }

  private static int weight(BlockMeta meta) {
    long bytes = meta.footerBytes() + meta.searchIndexBytes() + meta.bloomBytes();
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes));
  }

  /** The reader of a committed block, opened on first use. */
  public BlockReader reader(BlockMeta meta) {
    return readers.get(
        meta.blockId(), id -> BlockFormats.forVersion(meta.format()).openReader(store, meta));
  }

  /** Drops the reader of a block that is gone (compacted away, deleted). */
  public void forget(UUID blockId) {
    readers.invalidate(blockId);
  }

  /** How many readers are open now. */
  long open() {
    readers.cleanUp();
    return readers.estimatedSize();
  }

  @Override
  public void close() {
    readers.invalidateAll();
    readers.cleanUp();
  }

  @Override
  public String toString() {
    return "BlockReaders{" + bound + "}";
  }
}
