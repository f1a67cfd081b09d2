package dev.skein.querier.blocks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import java.util.UUID;

/**
 * Open block readers, kept so that what a reader caches (bloom shards, footers, the search index)
 * is reused across queries. Bounded by count; evicted readers are closed. Thread-safe.
 */
public final class BlockReaders implements AutoCloseable {

  /** How many block readers stay open by default. */
  public static final int DEFAULT_MAX_OPEN = 2_000;

  private final ObjectStore store;
  private final Cache<UUID, BlockReader> readers;

  /** Creates the cache over {@code store}, keeping at most {@code maxOpen} readers. */
  public BlockReaders(ObjectStore store, int maxOpen) {
    this.store = store;
    this.readers =
        Caffeine.newBuilder()
            .maximumSize(maxOpen)
            .<UUID, BlockReader>removalListener(
                (id, reader, cause) -> {
                  if (reader != null) {
                    reader.close();
                  }
                })
            .build();
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

  @Override
  public void close() {
    readers.invalidateAll();
    readers.cleanUp();
  }
}
