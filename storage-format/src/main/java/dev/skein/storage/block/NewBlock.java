package dev.skein.storage.block;

import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Identity and local scratch space of a block about to be written.
 *
 * @param tenant the owning tenant (already validated)
 * @param blockId the new block's id
 * @param compactionLevel 0 when an ingester cuts the block, input level + 1 for compactions
 * @param generation how many rewrites produced this data (0 for ingester blocks)
 * @param workDir an empty local directory the writer may fill; the writer deletes its files on
 *     close
 */
public record NewBlock(
    String tenant, UUID blockId, int compactionLevel, int generation, Path workDir) {

  /** Checks references and ranges. */
  public NewBlock {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(blockId, "blockId");
    Objects.requireNonNull(workDir, "workDir");
    if (compactionLevel < 0 || generation < 0) {
      throw new IllegalArgumentException(
          "compactionLevel and generation must be >= 0, were "
              + compactionLevel
              + ", "
              + generation);
    }
  }

  /** A level-0 block with a random id. */
  public static NewBlock level0(String tenant, Path workDir) {
    return new NewBlock(tenant, UUID.randomUUID(), 0, 0, workDir);
  }
}
