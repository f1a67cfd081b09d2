package dev.skein.storage.tenant;

import dev.skein.storage.block.BlockMeta;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One tenant's block list as the compactor last saw it, stored gzip-compressed at {@code
 * <tenant>/index.json.gz} so that queriers and ingesters need not list the bucket. Immutable;
 * serialized by {@link TenantIndexJson}.
 *
 * @param tenant the tenant
 * @param createdAt when the index was built; readers ignore an index older than their stale limit
 * @param live committed blocks without a compacted marker
 * @param compacted blocks marked compacted whose objects are still in the store
 */
public record TenantIndex(
    String tenant, Instant createdAt, List<BlockMeta> live, List<CompactedBlock> compacted) {

  /** Name of the index object under the tenant prefix. */
  public static final String OBJECT_NAME = "index.json.gz";

  /** Copies the lists. */
  public TenantIndex {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(createdAt, "createdAt");
    live = List.copyOf(live);
    compacted = List.copyOf(compacted);
  }

  /** The key of a tenant's index: {@code <tenant>/index.json.gz}. */
  public static String key(String tenant) {
    return tenant + "/" + OBJECT_NAME;
  }
}
