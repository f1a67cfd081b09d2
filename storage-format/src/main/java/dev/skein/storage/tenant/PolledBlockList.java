package dev.skein.storage.tenant;

import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockMetaJson;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlockList} refreshed by {@link #refresh()}: tenants are the top-level prefixes of the
 * store. A tenant's blocks come from its {@link TenantIndex} ({@code <tenant>/index.json.gz},
 * written by the compactor) when that is present, readable and younger than the stale limit;
 * otherwise from listing: the directories holding a {@code meta.json} and no {@code
 * meta.compacted.json}. Blocks added or removed by this process in between are merged in at once,
 * and an added block stays listed until the index or the listing knows it. Thread-safe.
 */
public final class PolledBlockList implements BlockList {

  private static final Logger LOG = LoggerFactory.getLogger(PolledBlockList.class);

  /** Marker written next to meta.json when a block was compacted away. */
  public static final String COMPACTED_MARKER = "meta.compacted.json";

  private static final Comparator<BlockMeta> NEWEST_FIRST =
      Comparator.comparingLong(BlockMeta::endTimeUnixNano)
          .reversed()
          .thenComparing(BlockMeta::blockId);

  /** An index older than this (15 minutes, three default poll periods) is ignored. */
  public static final Duration DEFAULT_STALE_INDEX_AGE = Duration.ofMinutes(15);

  private final ObjectStore store;
  private final Duration staleIndexAge;
  private final Clock clock;
  private final Map<String, Map<UUID, BlockMeta>> byTenant = new ConcurrentSkipListMap<>();
  private final Set<UUID> removed = ConcurrentHashMap.newKeySet();
  private final Map<UUID, BlockMeta> added = new ConcurrentHashMap<>();

  /**
   * Creates an empty list over {@code store} reading tenant indexes up to {@link
   * #DEFAULT_STALE_INDEX_AGE} old; call {@link #refresh()} to fill it.
   */
  public PolledBlockList(ObjectStore store) {
    this(store, DEFAULT_STALE_INDEX_AGE, Clock.systemUTC());
  }

  /**
   * Creates an empty list over {@code store}.
   *
   * @param staleIndexAge tenant indexes older than this are ignored (the tenant is listed instead);
   *     {@link Duration#ZERO} never reads an index
   * @param clock tells the index age
   */
  public PolledBlockList(ObjectStore store, Duration staleIndexAge, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.staleIndexAge = Objects.requireNonNull(staleIndexAge, "staleIndexAge");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A list that always lists the store and never reads a tenant index (for the compactor). */
  public static PolledBlockList listingOnly(ObjectStore store) {
    return new PolledBlockList(store, Duration.ZERO, Clock.systemUTC());
  }

  /**
   * Re-reads the block list of every tenant from the store. A block that cannot be read is left out
   * of this round and logged; the previous view of its tenant is kept on a listing failure.
   */
  public void refresh() {
    Set<UUID> seen = new HashSet<>();
    for (String tenant : tenantsInStore()) {
      try {
        Map<UUID, BlockMeta> fresh = new ConcurrentHashMap<>();
        Set<UUID> known = new HashSet<>();
        for (BlockMeta meta : readTenant(tenant, known)) {
          seen.add(meta.blockId());
          if (!removed.contains(meta.blockId())) {
            fresh.put(meta.blockId(), meta);
          }
        }
        // Blocks this process committed after the index was written are not in it yet.
        added.values().removeIf(m -> m.tenant().equals(tenant) && known.contains(m.blockId()));
        for (BlockMeta meta : added.values()) {
          if (meta.tenant().equals(tenant) && !removed.contains(meta.blockId())) {
            fresh.put(meta.blockId(), meta);
          }
        }
        byTenant.put(tenant, fresh);
      } catch (RuntimeException e) {
        LOG.warn("refreshing the block list of tenant {} failed; keeping the last one", tenant, e);
        byTenant.getOrDefault(tenant, Map.of()).keySet().forEach(seen::add);
      }
    }
    // A removed block no longer listed as live is gone for good: stop remembering it.
    removed.retainAll(seen);
  }

  private List<String> tenantsInStore() {
    List<String> tenants = new ArrayList<>();
    for (String child : store.children("")) {
      if (dev.skein.common.TenantIds.isValid(child)) {
        tenants.add(child);
      }
    }
    return tenants;
  }

  /** The live blocks of a tenant; {@code known} receives every block id the source knows of. */
  private List<BlockMeta> readTenant(String tenant, Set<UUID> known) {
    if (!staleIndexAge.isZero()) {
      String key = TenantIndex.key(tenant);
      try {
        TenantIndex index = TenantIndexJson.read(key, store.get(key));
        if (index.createdAt().isAfter(clock.instant().minus(staleIndexAge))) {
          index.live().forEach(m -> known.add(m.blockId()));
          index.compacted().forEach(c -> known.add(c.meta().blockId()));
          return index.live();
        }
        LOG.info(
            "tenant index {} is stale ({}); listing the tenant instead", key, index.createdAt());
      } catch (ObjectNotFoundException e) {
        // no index yet: list
      } catch (RuntimeException e) {
        LOG.warn("tenant index {} unreadable; listing the tenant instead", key, e);
      }
    }
    List<BlockMeta> listed = listTenant(tenant);
    listed.forEach(m -> known.add(m.blockId()));
    return listed;
  }

  private List<BlockMeta> listTenant(String tenant) {
    Set<String> compacted = new HashSet<>();
    Set<String> committed = new HashSet<>();
    for (String key : store.list(tenant + "/")) {
      String rest = key.substring(tenant.length() + 1);
      int slash = rest.indexOf('/');
      if (slash < 0) {
        continue;
      }
      String dir = rest.substring(0, slash);
      String name = rest.substring(slash + 1);
      if (name.equals(BlockMeta.META_JSON)) {
        committed.add(dir);
      } else if (name.equals(COMPACTED_MARKER)) {
        compacted.add(dir);
      }
    }
    List<BlockMeta> metas = new ArrayList<>();
    for (String dir : committed) {
      if (compacted.contains(dir)) {
        continue;
      }
      String key = tenant + "/" + dir + "/" + BlockMeta.META_JSON;
      try {
        metas.add(BlockMetaJson.read(key, store.get(key)));
      } catch (ObjectNotFoundException e) {
        // deleted between list and get: it is gone
      } catch (RuntimeException e) {
        LOG.warn("skipping block {}: meta.json unreadable", key, e);
      }
    }
    return metas;
  }

  @Override
  public List<String> tenants() {
    List<String> out = new ArrayList<>();
    byTenant.forEach(
        (t, blocks) -> {
          if (!blocks.isEmpty()) {
            out.add(t);
          }
        });
    return out;
  }

  @Override
  public List<BlockMeta> blocks(String tenant) {
    Map<UUID, BlockMeta> blocks = byTenant.get(tenant);
    if (blocks == null) {
      return List.of();
    }
    List<BlockMeta> out = new ArrayList<>(blocks.values());
    out.sort(NEWEST_FIRST);
    return out;
  }

  @Override
  public void add(BlockMeta meta) {
    added.put(meta.blockId(), meta);
    byTenant
        .computeIfAbsent(meta.tenant(), t -> new ConcurrentHashMap<>())
        .put(meta.blockId(), meta);
  }

  @Override
  public void remove(String tenant, List<UUID> blockIds) {
    removed.addAll(blockIds);
    blockIds.forEach(added::remove);
    Map<UUID, BlockMeta> blocks = byTenant.get(tenant);
    if (blocks != null) {
      blockIds.forEach(blocks::remove);
    }
  }

  @Override
  public String toString() {
    return "PolledBlockList{tenants="
        + byTenant.size()
        + ", staleIndexAge="
        + (staleIndexAge.isZero() ? "never read" : staleIndexAge)
        + "}";
  }
}
