package dev.skein.compactor;

import dev.skein.storage.block.BlockMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plans compaction jobs from a tenant's live blocks. A pure function of its inputs: blocks are
 * grouped by (window of their end time, level, format); groups come newest window first, then
 * lowest level; inside a group the smallest blocks (fewest traces) go first, and jobs take up to
 * {@code maxInputBlocks} of them while their data bytes stay under {@code maxBlockBytes}.
 * Thread-safe.
 */
final class Planner {

  private static final Comparator<BlockMeta> SMALLEST_FIRST =
      Comparator.comparingLong(BlockMeta::totalTraces)
          .thenComparingLong(BlockMeta::dataBytes)
          .thenComparing(BlockMeta::blockId);

  private final CompactorConfig config;

  Planner(CompactorConfig config) {
    this.config = config;
  }

  /** The jobs for {@code blocks} (one tenant's live blocks), most urgent first. */
  List<CompactionJob> plan(String tenant, List<BlockMeta> blocks) {
    long windowNanos = config.compactionWindow().toNanos();
    Map<GroupKey, List<BlockMeta>> groups = new TreeMap<>(GroupKey.ORDER);
    for (BlockMeta b : blocks) {
      GroupKey key =
          new GroupKey(
              Math.floorDiv(b.endTimeUnixNano(), windowNanos), b.compactionLevel(), b.format());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(b);
    }
    List<CompactionJob> jobs = new ArrayList<>();
    groups.forEach(
        (key, members) -> {
          members.sort(SMALLEST_FIRST);
          List<BlockMeta> current = new ArrayList<>();
          long bytes = 0;
          for (BlockMeta b : members) {
            if (!current.isEmpty()
                && (current.size() == config.maxInputBlocks()
                    || bytes + b.dataBytes() > config.maxBlockBytes())) {
              addIfWorthIt(jobs, tenant, key, current);
              current = new ArrayList<>();
              bytes = 0;
            }
            if (b.dataBytes() > config.maxBlockBytes()) {
              continue; // already as big as an output may be
            }
            current.add(b);
            bytes += b.dataBytes();
          }
          addIfWorthIt(jobs, tenant, key, current);
        });
    return jobs;
  }

  private void addIfWorthIt(
      List<CompactionJob> jobs, String tenant, GroupKey key, List<BlockMeta> inputs) {
    if (inputs.size() >= config.minInputBlocks()) {
      jobs.add(new CompactionJob(tenant, key.window(), key.level(), inputs));
    }
  }

  private record GroupKey(long window, int level, String format) {
    static final Comparator<GroupKey> ORDER =
        Comparator.comparingLong(GroupKey::window)
            .reversed()
            .thenComparingInt(GroupKey::level)
            .thenComparing(GroupKey::format);
  }
}
