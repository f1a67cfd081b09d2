package dev.skein.storage.tenant;

import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.TraceIdFilter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a tenant's bloom index ({@link TenantBlooms}) for its live blocks, next to the tenant
 * index and by the same writer (the compactor). Incremental: shards already in the previous index
 * are reused, so each block's shards are fetched once in its life; nothing is written when the
 * covered blocks did not change. Partitions other than 0 are written first and partition 0 (which
 * names the partition count) last. Not thread-safe: one writer per tenant at a time.
 */
public final class TenantBloomsWriter {

  private static final Logger LOG = LoggerFactory.getLogger(TenantBloomsWriter.class);

  /**
   * Partitions are added (powers of two) until each holds about this much: 8 MiB, the bloom shards
   * of roughly 130 M spans at vsk1's defaults.
   */
  public static final long DEFAULT_TARGET_PARTITION_BYTES = 8L << 20;

  /** Blocks whose shards are fetched at a time when the index is first built. */
  static final int FETCH_CONCURRENCY = 16;

  /** The most partitions one index is split into. */
  public static final int MAX_PARTITIONS = 64;

  private final ObjectStore store;
  private final long targetPartitionBytes;
  private final Clock clock;

  /** A writer over {@code store} with the default partition size and the system clock. */
  public TenantBloomsWriter(ObjectStore store) {
    this(store, DEFAULT_TARGET_PARTITION_BYTES, Clock.systemUTC());
  }

  /**
   * A writer over {@code store}.
   *
   * @param targetPartitionBytes split the index into more partitions above this size
   * @param clock stamps the generation of each write
   */
  public TenantBloomsWriter(ObjectStore store, long targetPartitionBytes, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    if (targetPartitionBytes <= 0) {
      throw new IllegalArgumentException(
          "targetPartitionBytes must be > 0, was " + targetPartitionBytes);
    }
    this.targetPartitionBytes = targetPartitionBytes;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What one call did.
   *
   * @param written whether partitions were written (false: the previous index was current)
   * @param blocks blocks covered by the index now
   * @param fetchedShards shard objects read from blocks new to the index
   * @param partitions partition count of the index now
   * @param bytes total size of the partitions
   */
  public record Result(
      boolean written, int blocks, int fetchedShards, int partitions, long bytes) {}

  /**
   * Brings the bloom index of {@code tenant} up to date with {@code live}. A block whose shards
   * cannot be read (deleted meanwhile, corrupt) is left out: lookups then read its own shards.
   *
   * @throws dev.skein.storage.backend.ObjectStoreException when the store fails on a write
   */
  public Result write(String tenant, List<BlockMeta> live) {
    Map<UUID, BlockMeta> eligible = new HashMap<>();
    for (BlockMeta meta : live) {
      if (meta.bloomShards() > 0 && filter(meta).isPresent()) {
        eligible.put(meta.blockId(), meta);
      }
    }
    Previous previous = readPrevious(tenant);
    if (previous.complete().keySet().equals(eligible.keySet())) {
      return new Result(false, eligible.size(), 0, previous.partitions(), 0);
    }
    Map<UUID, TenantBlooms.BlockShards> blocks = new HashMap<>();
    List<BlockMeta> missing = new ArrayList<>();
    for (BlockMeta meta : eligible.values()) {
      TenantBlooms.BlockShards shards = previous.complete().get(meta.blockId());
      if (shards == null) {
        missing.add(meta);
      } else {
        blocks.put(meta.blockId(), shards);
      }
    }
    Map<UUID, TenantBlooms.BlockShards> fresh = fetchAll(missing);
    blocks.putAll(fresh);
    int fetched = fresh.values().stream().mapToInt(b -> b.shards().size()).sum();
    long total = 0;
    for (TenantBlooms.BlockShards shards : blocks.values()) {
      for (byte[] b : shards.shards().values()) {
        total += b.length;
      }
    }
    int partitions = 1;
    while (partitions < MAX_PARTITIONS && total / partitions > targetPartitionBytes) {
      partitions *= 2;
    }
    long generation = Math.max(clock.millis(), previous.generation() + 1);
    long bytes = 0;
    for (int p = partitions - 1; p >= 0; p--) {
      byte[] object = partition(blocks, partitions, p, generation).serialize();
      store.put(TenantBlooms.key(tenant, p), object);
      bytes += object.length;
    }
    for (int p = partitions; p < previous.partitions(); p++) {
      store.delete(TenantBlooms.key(tenant, p));
    }
    LOG.info(
        "tenant {}: bloom index of {} blocks written ({} shards fetched from new blocks, {}"
            + " partitions, {} bytes)",
        tenant,
        blocks.size(),
        fetched,
        partitions,
        bytes);
    return new Result(true, blocks.size(), fetched, partitions, bytes);
  }

  private static TenantBlooms partition(
      Map<UUID, TenantBlooms.BlockShards> blocks, int partitions, int p, long generation) {
    Map<UUID, TenantBlooms.BlockShards> out = new HashMap<>();
    blocks.forEach(
        (id, b) -> {
          Map<Integer, byte[]> mine = new HashMap<>();
          b.shards()
              .forEach(
                  (shard, bytes) -> {
                    if (TenantBlooms.partitionOf(shard, partitions) == p) {
                      mine.put(shard, bytes);
                    }
                  });
          if (!mine.isEmpty()) {
            out.put(id, new TenantBlooms.BlockShards(b.format(), b.shardCount(), mine));
          }
        });
    return new TenantBlooms(partitions, p, generation, out);
  }

  /**
   * The shards of {@code metas}, fetched {@link #FETCH_CONCURRENCY} blocks at a time (the first
   * index of a tenant with thousands of blocks would otherwise take a round trip per shard in a
   * row); blocks whose shards are gone or corrupt are left out.
   */
  private Map<UUID, TenantBlooms.BlockShards> fetchAll(List<BlockMeta> metas) {
    Map<UUID, TenantBlooms.BlockShards> out = new ConcurrentHashMap<>();
    if (metas.isEmpty()) {
      return out;
    }
    Semaphore permits = new Semaphore(FETCH_CONCURRENCY);
    List<Future<?>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (BlockMeta meta : metas) {
        futures.add(
            executor.submit(
                () -> {
                  permits.acquireUninterruptibly();
                  try {
                    TenantBlooms.BlockShards shards = fetch(meta, filter(meta).orElseThrow());
                    if (shards != null) {
                      out.put(meta.blockId(), shards);
                    }
                  } finally {
                    permits.release();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("fetching bloom shards failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching bloom shards", e);
    }
    return out;
  }

  /** Every shard of a block, each checked by parsing it; null when one is missing or corrupt. */
  private TenantBlooms.BlockShards fetch(BlockMeta meta, TraceIdFilter filter) {
    Map<Integer, byte[]> shards = new HashMap<>();
    for (int s = 0; s < meta.bloomShards(); s++) {
      String key = meta.key(filter.shardObjectName(s));
      try {
        byte[] bytes = store.get(key);
        filter.parse(key, bytes);
        shards.put(s, bytes);
      } catch (ObjectNotFoundException e) {
        LOG.debug("bloom shard {} is gone (block deleted meanwhile); block left out", key);
        return null;
      } catch (dev.skein.common.CorruptBlockException e) {
        LOG.warn("bloom shard unreadable, block {} left out of the bloom index", meta.prefix(), e);
        return null;
      }
    }
    return new TenantBlooms.BlockShards(meta.format(), meta.bloomShards(), shards);
  }

  /** The previous index's blocks that have every shard, read from all of its partitions. */
  private Previous readPrevious(String tenant) {
    TenantBlooms first;
    String key0 = TenantBlooms.key(tenant, 0);
    try {
      first = TenantBlooms.read(key0, store.get(key0));
    } catch (ObjectNotFoundException e) {
      return new Previous(Map.of(), 0, 0);
    } catch (RuntimeException e) {
      LOG.warn("bloom index {} unreadable; rebuilding it from the blocks' shards", key0, e);
      return new Previous(Map.of(), 1, 0);
    }
    List<TenantBlooms> parts = new ArrayList<>(List.of(first));
    for (int p = 1; p < first.partitions(); p++) {
      String key = TenantBlooms.key(tenant, p);
      try {
        TenantBlooms part = TenantBlooms.read(key, store.get(key));
        if (part.generation() == first.generation() && part.partitions() == first.partitions()) {
          parts.add(part);
        }
      } catch (RuntimeException e) {
        LOG.warn("bloom index partition {} unreadable; refetching its blocks' shards", key, e);
      }
    }
    Map<UUID, Map<Integer, byte[]>> shards = new HashMap<>();
    Map<UUID, TenantBlooms.BlockShards> anyPart = new HashMap<>();
    for (TenantBlooms part : parts) {
      part.blocks()
          .forEach(
              (id, b) -> {
                shards.computeIfAbsent(id, x -> new HashMap<>()).putAll(b.shards());
                anyPart.putIfAbsent(id, b);
              });
    }
    Map<UUID, TenantBlooms.BlockShards> complete = new HashMap<>();
    Set<UUID> ids = new HashSet<>(shards.keySet());
    for (UUID id : ids) {
      TenantBlooms.BlockShards b = anyPart.get(id);
      if (shards.get(id).size() == b.shardCount()) {
        complete.put(id, new TenantBlooms.BlockShards(b.format(), b.shardCount(), shards.get(id)));
      }
    }
    return new Previous(complete, first.partitions(), first.generation());
  }

  private static Optional<TraceIdFilter> filter(BlockMeta meta) {
    try {
      return BlockFormats.forVersion(meta.format()).traceIdFilter();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private record Previous(
      Map<UUID, TenantBlooms.BlockShards> complete, int partitions, long generation) {}

  @Override
  public String toString() {
    return "TenantBloomsWriter{targetPartitionBytes=" + targetPartitionBytes + "}";
  }
}
