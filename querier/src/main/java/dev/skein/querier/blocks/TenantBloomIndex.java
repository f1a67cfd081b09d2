package dev.skein.querier.blocks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.TraceIdFilter;
import dev.skein.storage.tenant.TenantBlooms;
import dev.skein.trace.TraceId;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The querier's view of each tenant's bloom index ({@link TenantBlooms}): which candidate blocks of
 * a trace lookup certainly do not hold the trace, answered from one or a few partition objects
 * instead of one bloom shard per block. Partitions are parsed once and kept within a byte budget;
 * {@link #refresh} (after each block-list poll) notices a new index and preloads it. A block the
 * index does not cover (newer than the index, another format), a missing or corrupt partition, or
 * partitions of different writes answer {@link Verdict#UNKNOWN}: the caller then reads the block's
 * own shard, so the index can only save reads, never change an answer. Thread-safe.
 */
public final class TenantBloomIndex {

  private static final Logger LOG = LoggerFactory.getLogger(TenantBloomIndex.class);

  /** 64 MiB of parsed partitions: the bloom index of about a billion spans at vsk1's defaults. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  /** Partitions are re-read at least this often even without {@link #refresh}. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

  /** What the index says about one block. */
  public enum Verdict {
    /** The block certainly does not hold the trace. */
    ABSENT,
    /** The block's filter says it may hold the trace: read it without testing its shard again. */
    MAYBE,
    /** Not covered: test the block's own shard. */
    UNKNOWN
  }

  private static final Partition MISSING = new Partition(0, -1, Map.of(), 0);

  private final ObjectStore store;
  private final long maxBytes;
  private final Cache<String, Partition> partitions;
  private final LongAdder ruledOut = new LongAdder();
  private final LongAdder mayHold = new LongAdder();
  private final LongAdder uncovered = new LongAdder();

  /** An index over {@code store} with the default budget and age. */
  public TenantBloomIndex(ObjectStore store) {
    this(store, DEFAULT_MAX_BYTES, DEFAULT_MAX_AGE);
  }

  /**
   * An index over {@code store}.
   *
   * @param maxBytes budget of parsed partitions, in (serialized) bytes
   * @param maxAge re-read a partition at least this often
   */
  public TenantBloomIndex(ObjectStore store, long maxBytes, Duration maxAge) {
    this.store = Objects.requireNonNull(store, "store");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be > 0, was " + maxBytes);
    }
    this.maxBytes = maxBytes;
    this.partitions =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumWeight(maxBytes)
            .<String, Partition>weigher((k, p) -> (int) Math.min(Integer.MAX_VALUE, p.bytes()))
            .expireAfterWrite(maxAge)
            .build();
  }

  /**
   * What the index says about each of {@code blocks} (blocks of {@code tenant}) for {@code id}.
   * Reads the partitions it needs and does not hold yet.
   */
  public Map<UUID, Verdict> test(String tenant, TraceId id, Collection<BlockMeta> blocks) {
    Map<UUID, Verdict> out = new HashMap<>();
    Partition first = partition(tenant, 0);
    for (BlockMeta meta : blocks) {
      Verdict v = first == MISSING ? Verdict.UNKNOWN : verdict(tenant, id, meta, first);
      out.put(meta.blockId(), v);
      (v == Verdict.ABSENT ? ruledOut : v == Verdict.MAYBE ? mayHold : uncovered).increment();
    }
    return out;
  }

  /** Blocks ruled out without being read, since start. */
  public long ruledOut() {
    return ruledOut.sum();
  }

  /** Blocks the index let through (their filter says they may hold the trace), since start. */
  public long mayHold() {
    return mayHold.sum();
  }

  /** Blocks the index could not answer for (not covered, partition missing), since start. */
  public long uncovered() {
    return uncovered.sum();
  }

  /** Bytes of the partitions held in memory (their serialized size). */
  public long cachedBytes() {
    partitions.cleanUp(); // apply pending weight updates
    return partitions.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }

  private Verdict verdict(String tenant, TraceId id, BlockMeta meta, Partition first) {
    Optional<TraceIdFilter> filter = filter(meta);
    if (filter.isEmpty() || meta.bloomShards() < 1) {
      return Verdict.UNKNOWN;
    }
    int shard = filter.get().shardOf(id, meta.bloomShards());
    int p = TenantBlooms.partitionOf(shard, first.count());
    Partition part = p == 0 ? first : partition(tenant, p);
    if (part == MISSING) {
      return Verdict.UNKNOWN;
    }
    if (part.generation() != first.generation()) {
      // written by another write than partition 0 (a write in progress): read both again later
      partitions.invalidate(TenantBlooms.key(tenant, 0));
      partitions.invalidate(TenantBlooms.key(tenant, p));
      return Verdict.UNKNOWN;
    }
    Block block = part.blocks().get(meta.blockId());
    if (block == null
        || block.shardCount() != meta.bloomShards()
        || !block.format().equals(meta.format())) {
      return Verdict.UNKNOWN;
    }
    TraceIdFilter.Shard s = block.shards().get(shard);
    if (s == null) {
      return Verdict.UNKNOWN;
    }
    return s.mightContain(id) ? Verdict.MAYBE : Verdict.ABSENT;
  }

  /**
   * Re-reads partition 0 of each tenant and, when the index changed (or was not loaded), loads
   * every partition, so that the next lookups find it in memory. Failures are logged, never thrown.
   */
  public void refresh(Collection<String> tenants) {
    for (String tenant : tenants) {
      String key0 = TenantBlooms.key(tenant, 0);
      Partition cached = partitions.getIfPresent(key0);
      Partition fresh = load(key0);
      partitions.put(key0, fresh);
      if (fresh == MISSING || (cached != null && cached.generation() == fresh.generation())) {
        continue;
      }
      for (int p = 1; p < fresh.count(); p++) {
        String key = TenantBlooms.key(tenant, p);
        partitions.put(key, load(key));
      }
      LOG.debug("bloom index of tenant {} loaded: {} partitions", tenant, fresh.count());
    }
  }

  private Partition partition(String tenant, int p) {
    return partitions.get(TenantBlooms.key(tenant, p), this::load);
  }

  private Partition load(String key) {
    byte[] bytes;
    try {
      bytes = store.get(key);
    } catch (ObjectNotFoundException e) {
      return MISSING;
    } catch (RuntimeException e) {
      LOG.warn(
          "bloom index partition {} not readable; blocks fall back to their own shards", key, e);
      return MISSING;
    }
    try {
      TenantBlooms read = TenantBlooms.read(key, bytes);
      Map<UUID, Block> blocks = new HashMap<>();
      read.blocks()
          .forEach(
              (id, b) -> {
                Block block = parse(key, b);
                if (block != null) {
                  blocks.put(id, block);
                }
              });
      return new Partition(read.partitions(), read.generation(), blocks, bytes.length);
    } catch (RuntimeException e) {
      LOG.warn("bloom index partition {} is corrupt; blocks fall back to their own shards", key, e);
      return MISSING;
    }
  }

  private static @Nullable Block parse(String key, TenantBlooms.BlockShards b) {
    Optional<TraceIdFilter> filter = filter(b.format());
    if (filter.isEmpty()) {
      return null;
    }
    Map<Integer, TraceIdFilter.Shard> shards = new HashMap<>();
    b.shards().forEach((n, bytes) -> shards.put(n, filter.get().parse(key + "#" + n, bytes)));
    return new Block(b.format(), b.shardCount(), shards);
  }

  private static Optional<TraceIdFilter> filter(BlockMeta meta) {
    return filter(meta.format());
  }

  private static Optional<TraceIdFilter> filter(String format) {
    try {
      return BlockFormats.forVersion(format).traceIdFilter();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private record Block(String format, int shardCount, Map<Integer, TraceIdFilter.Shard> shards) {}

  private record Partition(int count, long generation, Map<UUID, Block> blocks, long bytes) {}

  @Override
  public String toString() {
    return "TenantBloomIndex{maxBytes=" + maxBytes + "}";
  }
}
