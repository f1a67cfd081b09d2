package dev.skein.compactor;

/**
 * What one compaction cycle over every tenant did.
 *
 * @param tenants tenants the cycle visited
 * @param jobs jobs that merged blocks and committed their output
 * @param blocksIn input blocks of those jobs (now marked compacted)
 * @param blocksOut output blocks written
 * @param spansIn spans read from the input blocks
 * @param spansOut spans written to the output blocks
 * @param duplicateSpans duplicate spans dropped while merging
 * @param failedTenants tenants whose cycle failed (logged; retried next cycle)
 * @param durationMillis wall time of the cycle
 */
public record CycleReport(
    int tenants,
    int jobs,
    int blocksIn,
    int blocksOut,
    long spansIn,
    long spansOut,
    long duplicateSpans,
    int failedTenants,
    long durationMillis) {

  /** Adds up the jobs of one cycle; not thread-safe (a cycle runs on one thread). */
  static final class Tally {
    private int tenants;
    private int jobs;
    private int blocksIn;
    private long spansIn;
    private long spansOut;
    private long duplicateSpans;
    private int failedTenants;

    void tenant() {
      tenants++;
    }

    void failedTenant() {
      failedTenants++;
    }

    void job(CompactionJob job, BlockMerger.Result result) {
      jobs++;
      blocksIn += job.inputs().size();
      spansIn += job.inputSpans();
      spansOut += result.output().totalSpans();
      duplicateSpans += result.duplicateSpans();
    }

    int jobs() {
      return jobs;
    }

    CycleReport report(long durationMillis) {
      return new CycleReport(
          tenants,
          jobs,
          blocksIn,
          jobs,
          spansIn,
          spansOut,
          duplicateSpans,
          failedTenants,
          durationMillis);
    }
  }
}
