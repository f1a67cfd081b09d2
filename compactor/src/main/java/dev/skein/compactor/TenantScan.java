package dev.skein.compactor;

import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockMetaJson;
import dev.skein.storage.tenant.CompactedBlock;
import dev.skein.storage.tenant.CompactedMarker;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.storage.tenant.TenantIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listing of a tenant's prefix, the compactor's source of truth: live blocks (meta.json, no
 * marker) and compacted ones (marker present, meta.json possibly already deleted), with every key
 * of each block directory so deletion can remove them all. Directories without either (blocks being
 * written) are left alone. Immutable.
 */
record TenantScan(
    String tenant, List<BlockMeta> live, List<Compacted> compacted, Set<UUID> leased) {

  private static final Logger LOG = LoggerFactory.getLogger(TenantScan.class);

  /**
   * A block with a compacted marker: its meta (when still there) and marker time (when legible).
   */
  record Compacted(
      String dir, @Nullable BlockMeta meta, @Nullable Instant compactedAt, List<String> keys) {}

  static TenantScan of(ObjectStore store, String tenant) {
    Map<String, List<String>> dirs = new TreeMap<>();
    Set<UUID> leased = new HashSet<>();
    for (String key : store.list(tenant + "/")) {
      String rest = key.substring(tenant.length() + 1);
      int slash = rest.indexOf('/');
      if (rest.startsWith(Lease.PREFIX) && rest.endsWith(".json")) {
        try {
          leased.add(UUID.fromString(rest.substring(Lease.PREFIX.length(), rest.length() - 5)));
        } catch (IllegalArgumentException e) {
          // not a lease of ours
        }
        continue;
      }
      if (slash < 0) {
        continue;
      }
      dirs.computeIfAbsent(rest.substring(0, slash), d -> new ArrayList<>()).add(key);
    }
    List<BlockMeta> live = new ArrayList<>();
    List<Compacted> compacted = new ArrayList<>();
    dirs.forEach(
        (dir, keys) -> {
          String metaKey = tenant + "/" + dir + "/" + BlockMeta.META_JSON;
          String markerKey = tenant + "/" + dir + "/" + PolledBlockList.COMPACTED_MARKER;
          boolean hasMeta = keys.contains(metaKey);
          if (keys.contains(markerKey)) {
            compacted.add(
                new Compacted(
                    dir,
                    hasMeta ? readMeta(store, metaKey) : null,
                    readMarker(store, markerKey),
                    keys));
          } else if (hasMeta) {
            BlockMeta meta = readMeta(store, metaKey);
            if (meta != null) {
              live.add(meta);
            }
          }
        });
    return new TenantScan(tenant, live, compacted, leased);
  }

  /** The tenant index this scan describes. */
  TenantIndex toIndex(Instant now) {
    List<CompactedBlock> gone = new ArrayList<>();
    for (Compacted c : compacted) {
      if (c.meta() != null && c.compactedAt() != null) {
        gone.add(new CompactedBlock(c.meta(), c.compactedAt()));
      }
    }
    return new TenantIndex(tenant, now, live, gone);
  }

  private static @Nullable BlockMeta readMeta(ObjectStore store, String key) {
    try {
      return BlockMetaJson.read(key, store.get(key));
    } catch (ObjectNotFoundException e) {
      return null;
    } catch (RuntimeException e) {
      LOG.warn("skipping block {}: meta.json unreadable", key, e);
      return null;
    }
  }

  private static @Nullable Instant readMarker(ObjectStore store, String key) {
    try {
      Optional<Instant> at = CompactedMarker.read(store.get(key));
      return at.orElse(null);
    } catch (ObjectNotFoundException e) {
      return null;
    }
  }
}
