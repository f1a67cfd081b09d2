package dev.skein.bench.dataset;

import dev.skein.bench.workload.WorkloadConfig;

/**
 * What a benchmark dataset holds: {@code blocks} level-0 blocks of {@code tracesPerBlock}
 * consecutive traces of the seeded shop workload each, for one tenant. Block {@code b} holds traces
 * {@code b * tracesPerBlock} to {@code (b + 1) * tracesPerBlock - 1}; traces start {@code
 * intervalNanos} apart, so the blocks are spread over {@code blocks * tracesPerBlock *
 * intervalNanos}. Immutable.
 *
 * @param tenant the tenant owning every block
 * @param blocks how many blocks
 * @param tracesPerBlock traces in each block
 * @param seed the workload seed
 * @param intervalNanos time between consecutive trace starts
 */
public record DatasetSpec(
    String tenant, int blocks, int tracesPerBlock, long seed, long intervalNanos) {

  /** Checks ranges. */
  public DatasetSpec {
    if (blocks < 1 || tracesPerBlock < 1 || intervalNanos < 1) {
      throw new IllegalArgumentException(
          "blocks, traces per block and interval must be >= 1, were "
              + blocks
              + ", "
              + tracesPerBlock
              + ", "
              + intervalNanos);
    }
    if ((long) blocks * tracesPerBlock > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "at most 2^31 traces, was " + (long) blocks * tracesPerBlock);
    }
  }

  /** The workload these blocks are cut from. */
  public WorkloadConfig workload() {
    return WorkloadConfig.defaults()
        .withTraces(blocks * tracesPerBlock)
        .withSeed(seed)
        .withTraceIntervalNanos(intervalNanos);
  }

  /** A stable text of every parameter; a dataset on disk is reused only when it matches. */
  public String fingerprint() {
    return "tenant="
        + tenant
        + " blocks="
        + blocks
        + " tracesPerBlock="
        + tracesPerBlock
        + " seed="
        + seed
        + " intervalNanos="
        + intervalNanos
        + " startEpochNanos="
        + WorkloadConfig.DEFAULT_START_EPOCH_NANOS;
  }

  /** The first nanosecond any trace of the dataset may start at. */
  public long startNanos() {
    return WorkloadConfig.DEFAULT_START_EPOCH_NANOS;
  }

  /** Just past the last trace start (late spans and long traces may end later). */
  public long endNanos() {
    return startNanos() + (long) blocks * tracesPerBlock * intervalNanos;
  }
}
