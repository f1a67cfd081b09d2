package dev.skein.storage.tenant;

import dev.skein.storage.block.BlockMeta;
import java.time.Instant;
import java.util.Objects;

/**
 * A block that was compacted away (or expired by retention) but whose objects are still in the
 * store, kept for queries in flight until {@code compactedAt + compacted_block_retention}.
 *
 * @param meta the block's metadata
 * @param compactedAt when the {@code meta.compacted.json} marker was written
 */
public record CompactedBlock(BlockMeta meta, Instant compactedAt) {

  /** Checks references. */
  public CompactedBlock {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(compactedAt, "compactedAt");
  }
}
