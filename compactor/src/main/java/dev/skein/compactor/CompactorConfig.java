package dev.skein.compactor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the compactor plans, merges and expires blocks. Immutable; the compact constructor rejects
 * invalid values, listing every problem with its property name.
 *
 * @param compactionWindow blocks are grouped by their end time in windows of this length
 * @param maxInputBlocks most blocks one job merges
 * @param minInputBlocks fewest blocks worth a job (at least 2)
 * @param maxBlockBytes largest output block: a job's inputs together stay under this many data
 *     bytes
 * @param maxTraceBytes a trace combined from several inputs keeps at most this many span bytes; the
 *     rest is cut (counted), never the whole trace
 * @param blockRetention blocks whose end time is older than this are expired
 * @param tenantBlockRetention per-tenant overrides of {@code blockRetention}
 * @param compactedBlockRetention how long a compacted (or expired) block's objects stay for queries
 *     in flight before deletion; at least two block-list polls
 * @param cyclePeriod pause between two compaction cycles
 * @param blocklistPoll how often the tenant index is rewritten at the latest
 * @param leaseDuration how long a compactor owns the input blocks of a job it started; a lease
 *     older than this is taken over (the owner is presumed dead)
 * @param workDir local scratch space for output blocks being written
 */
public record CompactorConfig(
    Duration compactionWindow,
    int maxInputBlocks,
    int minInputBlocks,
    long maxBlockBytes,
    long maxTraceBytes,
    Duration blockRetention,
    Map<String, Duration> tenantBlockRetention,
    Duration compactedBlockRetention,
    Duration cyclePeriod,
    Duration blocklistPoll,
    Duration leaseDuration,
    Path workDir) {

  /** One hour, as Tempo. */
  public static final Duration DEFAULT_COMPACTION_WINDOW = Duration.ofHours(1);

  /** Eight inputs per job. */
  public static final int DEFAULT_MAX_INPUT_BLOCKS = 8;

  /** Two inputs at least. */
  public static final int DEFAULT_MIN_INPUT_BLOCKS = 2;

  /** 100 GiB, as Tempo. */
  public static final long DEFAULT_MAX_BLOCK_BYTES = 100L << 30;

  /** 50 MiB per trace. */
  public static final long DEFAULT_MAX_TRACE_BYTES = 50L << 20;

  /** 14 days, as Tempo. */
  public static final Duration DEFAULT_BLOCK_RETENTION = Duration.ofDays(14);

  /** One hour, as Tempo. */
  public static final Duration DEFAULT_COMPACTED_BLOCK_RETENTION = Duration.ofHours(1);

  /** 30 seconds between cycles, as Tempo. */
  public static final Duration DEFAULT_CYCLE_PERIOD = Duration.ofSeconds(30);

  /** Five minutes, as Tempo's blocklist_poll. */
  public static final Duration DEFAULT_BLOCKLIST_POLL = Duration.ofMinutes(5);

  /** 30 minutes for one job. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofMinutes(30);

  /** {@code ./data/compactor}. */
  public static final Path DEFAULT_WORK_DIR = Path.of("data", "compactor");

  /** Validates every field. */
  public CompactorConfig {
    Objects.requireNonNull(tenantBlockRetention, "tenantBlockRetention");
    Objects.requireNonNull(workDir, "workDir");
    tenantBlockRetention = Map.copyOf(tenantBlockRetention);
    List<String> problems = new ArrayList<>();
    positive(problems, "compaction-window", compactionWindow);
    positive(problems, "block-retention", blockRetention);
    positive(problems, "compacted-block-retention", compactedBlockRetention);
    positive(problems, "cycle-period", cyclePeriod);
    positive(problems, "blocklist-poll", blocklistPoll);
    positive(problems, "lease-duration", leaseDuration);
    tenantBlockRetention.forEach((t, d) -> positive(problems, "tenant-block-retention." + t, d));
    if (minInputBlocks < 2) {
      problems.add("skein.compactor.min-input-blocks must be >= 2, was " + minInputBlocks);
    }
    if (maxInputBlocks < minInputBlocks) {
      problems.add(
          "skein.compactor.max-input-blocks must be >= min-input-blocks ("
              + minInputBlocks
              + "), was "
              + maxInputBlocks);
    }
    if (maxBlockBytes <= 0) {
      problems.add("skein.compactor.max-block-bytes must be > 0, was " + maxBlockBytes);
    }
    if (maxTraceBytes <= 0) {
      problems.add("skein.compactor.max-trace-bytes must be > 0, was " + maxTraceBytes);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** The defaults. */
  public static CompactorConfig defaults() {
    return new CompactorConfig(
        DEFAULT_COMPACTION_WINDOW,
        DEFAULT_MAX_INPUT_BLOCKS,
        DEFAULT_MIN_INPUT_BLOCKS,
        DEFAULT_MAX_BLOCK_BYTES,
        DEFAULT_MAX_TRACE_BYTES,
        DEFAULT_BLOCK_RETENTION,
        Map.of(),
        DEFAULT_COMPACTED_BLOCK_RETENTION,
        DEFAULT_CYCLE_PERIOD,
        DEFAULT_BLOCKLIST_POLL,
        DEFAULT_LEASE_DURATION,
        DEFAULT_WORK_DIR);
  }

  /** The retention of {@code tenant}: its override, or {@link #blockRetention()}. */
  public Duration blockRetention(String tenant) {
    return tenantBlockRetention.getOrDefault(tenant, blockRetention);
  }

  /** A copy with another work directory. */
  public CompactorConfig withWorkDir(Path dir) {
    return new CompactorConfig(
        compactionWindow,
        maxInputBlocks,
        minInputBlocks,
        maxBlockBytes,
        maxTraceBytes,
        blockRetention,
        tenantBlockRetention,
        compactedBlockRetention,
        cyclePeriod,
        blocklistPoll,
        leaseDuration,
        dir);
  }

  private static void positive(List<String> problems, String property, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      problems.add("skein.compactor." + property + " must be > 0, was " + d);
    }
  }
}
