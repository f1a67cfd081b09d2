package dev.skein.storage.tenant;

import dev.skein.storage.block.BlockMeta;
import java.util.List;

/**
 * The blocks each tenant has in the object store, as this process currently knows them. Answers
 * from memory; implementations refresh it in the background (polling the tenant index, or listing
 * when there is none). Thread-safe.
 */
public interface BlockList {

  /** Tenants with at least one live block, sorted. */
  List<String> tenants();

  /** The live (committed, not compacted away) blocks of a tenant, newest end time first. */
  List<BlockMeta> blocks(String tenant);

  /**
   * Records a block this process just committed, so it is queryable before the next refresh.
   * Idempotent.
   */
  void add(BlockMeta meta);

  /** Forgets blocks this process just marked compacted or deleted. Idempotent. */
  void remove(String tenant, List<java.util.UUID> blockIds);
}
