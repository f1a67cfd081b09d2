package dev.skein.storage.tenant;

import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockMetaJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlockList} refreshed by {@link #refresh()}: tenants are the top-level prefixes of the
 * store, blocks the directories holding a {@code meta.json} and no {@code meta.compacted.json}.
 * Blocks added or removed by this process in between are merged in at once. Thread-safe.
 */
public final class PolledBlockList implements BlockList {

  private static final Logger LOG = LoggerFactory.getLogger(PolledBlockList.class);

  /** Marker written next to meta.json when a block was compacted away. */
  public static final String COMPACTED_MARKER = "meta.compacted.json";

  private static final Comparator<BlockMeta> NEWEST_FIRST =
      Comparator.comparingLong(BlockMeta::endTimeUnixNano)
          .reversed()
          .thenComparing(BlockMeta::blockId);

  private final ObjectStore store;
  private final Map<String, Map<UUID, BlockMeta>> byTenant = new ConcurrentSkipListMap<>();
  private final Set<UUID> removed = ConcurrentHashMap.newKeySet();

  /** Creates an empty list over {@code store}; call {@link #refresh()} to fill it. */
  public PolledBlockList(ObjectStore store) {
    this.store = store;
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
        for (BlockMeta meta : readTenant(tenant)) {
          seen.add(meta.blockId());
          if (!removed.contains(meta.blockId())) {
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

  private List<BlockMeta> readTenant(String tenant) {
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
    byTenant
        .computeIfAbsent(meta.tenant(), t -> new ConcurrentHashMap<>())
        .put(meta.blockId(), meta);
  }

  @Override
  public void remove(String tenant, List<UUID> blockIds) {
    removed.addAll(blockIds);
    Map<UUID, BlockMeta> blocks = byTenant.get(tenant);
    if (blocks != null) {
      blockIds.forEach(blocks::remove);
    }
  }

  @Override
  public String toString() {
    return "PolledBlockList{tenants=" + byTenant.size() + "}";
  }
}
