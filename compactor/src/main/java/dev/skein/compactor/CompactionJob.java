package dev.skein.compactor;

import dev.skein.storage.block.BlockMeta;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * One planned merge: 2..N blocks of one tenant, time window, level and format, into one block.
 * Immutable.
 *
 * @param tenant the tenant
 * @param window the time window index (block end time / compaction window)
 * @param level the common compaction level of the inputs
 * @param inputs the blocks to merge, sorted by id
 */
public record CompactionJob(String tenant, long window, int level, List<BlockMeta> inputs) {

  /** Sorts and copies the inputs. */
  public CompactionJob {
    inputs = inputs.stream().sorted(Comparator.comparing(BlockMeta::blockId)).toList();
  }

  /** The level of the output block: one above the highest input. */
  public int outputLevel() {
    return inputs.stream().mapToInt(BlockMeta::compactionLevel).max().orElse(level) + 1;
  }

  /** The generation of the output block: one above the highest input. */
  public int outputGeneration() {
    return inputs.stream().mapToInt(BlockMeta::generation).max().orElse(0) + 1;
  }

  /** The input block ids, sorted. */
  public List<UUID> inputIds() {
    return inputs.stream().map(BlockMeta::blockId).toList();
  }

  /** Data bytes of all inputs. */
  public long inputBytes() {
    return inputs.stream().mapToLong(BlockMeta::dataBytes).sum();
  }

  /** Spans of all inputs (duplicates included). */
  public long inputSpans() {
    return inputs.stream().mapToLong(BlockMeta::totalSpans).sum();
  }

  @Override
  public String toString() {
    return "CompactionJob{tenant="
        + tenant
        + ", window="
        + window
        + ", level="
        + level
        + ", inputs="
        + inputIds()
        + "}";
  }
}
