package dev.skein.compactor;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.tenant.CompactedMarker;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.storage.tenant.TenantBloomsWriter;
import dev.skein.storage.tenant.TenantIndex;
import dev.skein.storage.tenant.TenantIndexJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compaction cycle of one tenant: retention, planning, the jobs (each under leases), then the
 * tenant index. The commit protocol of a job: merge and commit the output (meta.json last), check
 * the leases are still ours, then mark every input with {@code meta.compacted.json}; compacted
 * blocks are deleted after {@code compacted_block_retention}. Not thread-safe: one cycle at a time.
 */
final class TenantCycle {

  private static final Logger LOG = LoggerFactory.getLogger(TenantCycle.class);

  private final ObjectStore store;
  private final CompactorConfig config;
  private final BlockMerger merger;
  private final Leases leases;
  private final Planner planner;
  private final CompactorMetrics metrics;
  private final Clock clock;
  private final TenantBloomsWriter blooms;

  TenantCycle(
      ObjectStore store,
      CompactorConfig config,
      BlockMerger merger,
      Leases leases,
      CompactorMetrics metrics,
      Clock clock) {
    this.store = store;
    this.config = config;
    this.merger = merger;
    this.leases = leases;
    this.planner = new Planner(config);
    this.metrics = metrics;
    this.clock = clock;
    this.blooms =
        new TenantBloomsWriter(store, TenantBloomsWriter.DEFAULT_TARGET_PARTITION_BYTES, clock);
  }

  /**
   * Runs one cycle for {@code tenant}.
   *
   * @param keepGoing checked between jobs; false stops the cycle early (shutdown)
   * @param tally receives every job that merged blocks
   */
  void run(String tenant, BooleanSupplier keepGoing, CycleReport.Tally tally) {
    TenantScan scan = TenantScan.of(store, tenant);
    Set<UUID> gone = expire(scan);
    deleteCompacted(scan);
    gone.addAll(rollForwardLeased(scan));
    List<BlockMeta> live = new ArrayList<>();
    for (BlockMeta b : scan.live()) {
      if (!gone.contains(b.blockId())) {
        live.add(b);
      }
    }
    List<CompactionJob> jobs = planner.plan(tenant, live);
    long outstanding = jobs.stream().mapToLong(j -> j.inputs().size()).sum();
    metrics.outstanding(tenant, outstanding);
    for (CompactionJob job : jobs) {
      if (!keepGoing.getAsBoolean()) {
        break;
      }
      try {
        runJob(job, tally);
      } catch (RuntimeException e) {
        metrics.jobsFailed.increment();
        LOG.warn("compaction job {} failed; its inputs stay live", job, e);
      }
      outstanding -= job.inputs().size();
      metrics.outstanding(tenant, outstanding);
    }
    writeIndex(tenant);
  }

  /** Runs one job; false when it was skipped (owned elsewhere, or rolled forward). */
  boolean runJob(CompactionJob job, CycleReport.Tally tally) {
    if (rollForward(job)) {
      metrics.jobsRolledForward.increment();
      return false;
    }
    UUID output = UUID.randomUUID();
    if (!leases.acquire(job, output)) {
      metrics.jobsSkipped.increment();
      LOG.debug("skipping {}: another compactor owns an input", job);
      return false;
    }
    LOG.info(
        "compacting {} blocks ({} spans, {} bytes) of tenant {} level {} into {}",
        job.inputs().size(),
        job.inputSpans(),
        job.inputBytes(),
        job.tenant(),
        job.level(),
        output);
    long started = System.nanoTime();
    Path dir = config.workDir().resolve(output.toString());
    try {
      Files.createDirectories(dir);
      BlockMerger.Result result =
          merger.merge(
              job.inputs(),
              new NewBlock(job.tenant(), output, job.outputLevel(), job.outputGeneration(), dir));
      if (!leases.stillOwned(job, output)) {
        // Another compactor took our leases (we were too slow) and may commit the same data:
        // hide our output rather than duplicate it.
        store.putIfAbsent(result.output().key(PolledBlockList.COMPACTED_MARKER), marker());
        metrics.jobsSkipped.increment();
        LOG.warn("lost the leases of {} while merging; output {} discarded", job, output);
        return false;
      }
      markCompacted(job.tenant(), job.inputIds());
      record(job, result, System.nanoTime() - started);
      tally.job(job, result);
      return true;
    } catch (IOException e) {
      leases.abandon(job, output);
      throw new UncheckedIOException("create work dir " + dir, e);
    } catch (RuntimeException e) {
      leases.abandon(job, output);
      throw e;
    } finally {
      deleteRecursively(dir);
    }
  }

  /**
   * Rolls forward the jobs whose leases sit on live blocks (a job in progress elsewhere, or one
   * that died between committing its output and marking every input).
   *
   * @return the blocks marked compacted
   */
  private Set<UUID> rollForwardLeased(TenantScan scan) {
    Set<UUID> marked = new HashSet<>();
    for (BlockMeta b : scan.live()) {
      if (scan.leased().contains(b.blockId()) && !marked.contains(b.blockId())) {
        rollForward(scan.tenant(), b.blockId()).ifPresent(marked::addAll);
      }
    }
    if (!marked.isEmpty()) {
      metrics.jobsRolledForward.increment();
    }
    return marked;
  }

  private boolean rollForward(CompactionJob job) {
    for (UUID id : job.inputIds()) {
      if (rollForward(job.tenant(), id).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Finishes a job a dead compactor committed but did not mark: when the lease on {@code input}
   * names an output that is committed (and not itself discarded), every input of that lease is
   * marked.
   *
   * @return the inputs marked, or empty when there is nothing to roll forward
   */
  private Optional<List<UUID>> rollForward(String tenant, UUID input) {
    Optional<Lease> lease = leases.read(Lease.key(tenant, input));
    if (lease.isEmpty()) {
      return Optional.empty();
    }
    String out = tenant + "/" + lease.get().output() + "/";
    if (!store.exists(out + BlockMeta.META_JSON)
        || store.exists(out + PolledBlockList.COMPACTED_MARKER)) {
      return Optional.empty();
    }
    LOG.info(
        "rolling forward a job of {} (output {} is committed): marking its inputs",
        lease.get().owner(),
        lease.get().output());
    markCompacted(tenant, lease.get().inputs());
    return Optional.of(lease.get().inputs());
  }

  private void markCompacted(String tenant, List<UUID> ids) {
    byte[] marker = marker();
    for (UUID id : ids) {
      store.putIfAbsent(tenant + "/" + id + "/" + PolledBlockList.COMPACTED_MARKER, marker);
    }
  }

  private byte[] marker() {
    return CompactedMarker.write(clock.instant());
  }

  /** Marks live blocks past the tenant's retention; returns their ids. */
  private Set<UUID> expire(TenantScan scan) {
    Instant cutoff = clock.instant().minus(config.blockRetention(scan.tenant()));
    long cutoffNanos = cutoff.getEpochSecond() * 1_000_000_000L + cutoff.getNano();
    Set<UUID> expired = new HashSet<>();
    for (BlockMeta b : scan.live()) {
      if (b.endTimeUnixNano() < cutoffNanos) {
        store.putIfAbsent(b.key(PolledBlockList.COMPACTED_MARKER), marker());
        expired.add(b.blockId());
        metrics.blocksExpired.increment();
      }
    }
    if (!expired.isEmpty()) {
      LOG.info("tenant {}: {} blocks past retention marked", scan.tenant(), expired.size());
    }
    return expired;
  }

  /**
   * Deletes compacted blocks older than the compacted-block retention: meta.json first (the block
   * stays hidden by its marker), then data, then the lease, the marker last, so a crash midway
   * leaves a marker that the next cycle finds and finishes.
   */
  private void deleteCompacted(TenantScan scan) {
    Instant cutoff = clock.instant().minus(config.compactedBlockRetention());
    for (TenantScan.Compacted c : scan.compacted()) {
      String prefix = scan.tenant() + "/" + c.dir() + "/";
      String markerKey = prefix + PolledBlockList.COMPACTED_MARKER;
      if (c.compactedAt() == null) {
        store.put(markerKey, marker()); // illegible marker: restart its clock
        continue;
      }
      if (!c.compactedAt().isBefore(cutoff)) {
        continue;
      }
      store.delete(prefix + BlockMeta.META_JSON);
      for (String key : c.keys()) {
        if (!key.equals(markerKey)) {
          store.delete(key);
        }
      }
      store.delete(scan.tenant() + "/" + Lease.PREFIX + c.dir() + ".json");
      store.delete(markerKey);
      metrics.blocksDeleted.increment();
    }
  }

  private void writeIndex(String tenant) {
    TenantIndex index = TenantScan.of(store, tenant).toIndex(clock.instant());
    try {
      // before the tenant index: a querier seeing a new block list finds its blooms already there
      blooms.write(tenant, index.live());
    } catch (RuntimeException e) {
      // queries then read each new block's own bloom shards: slower, never wrong
      LOG.warn("writing the bloom index of tenant {} failed; keeping the previous one", tenant, e);
    }
    store.put(TenantIndex.key(tenant), TenantIndexJson.write(index));
  }

  private void record(CompactionJob job, BlockMerger.Result result, long nanos) {
    metrics.jobsOk.increment();
    metrics.bytesIn.increment(job.inputBytes());
    metrics.bytesOut.increment(result.output().dataBytes());
    metrics.spansIn.increment(job.inputSpans());
    metrics.spansOut.increment(result.output().totalSpans());
    metrics.duplicateSpans.increment(result.duplicateSpans());
    metrics.truncatedSpans.increment(result.truncatedSpans());
    metrics.jobDuration.record(java.time.Duration.ofNanos(nanos));
    LOG.info(
        "compacted {} blocks ({} spans, {} bytes) of tenant {} level {} into {} ({} spans, {}"
            + " bytes, {} duplicate spans dropped; {} of {} traces copied without decoding) in {}"
            + " ms",
        job.inputs().size(),
        job.inputSpans(),
        job.inputBytes(),
        job.tenant(),
        job.level(),
        result.output().blockId(),
        result.output().totalSpans(),
        result.output().dataBytes(),
        result.duplicateSpans(),
        result.copiedTraces(),
        result.output().totalTraces(),
        nanos / 1_000_000);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete work dir {}", dir, e);
    }
  }
}
