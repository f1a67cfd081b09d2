package dev.skein.compactor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The compactor's meters, named {@code skein_compactor_*} in Prometheus form. Thread-safe. */
final class CompactorMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> outstanding = new ConcurrentHashMap<>();
  final Counter jobsOk;
  final Counter jobsFailed;
  final Counter jobsSkipped;
  final Counter jobsRolledForward;
  final Counter bytesIn;
  final Counter bytesOut;
  final Counter spansIn;
  final Counter spansOut;
  final Counter duplicateSpans;
  final Counter truncatedSpans;
  final Counter blocksExpired;
  final Counter blocksDeleted;
  final Counter cycleErrors;
  final Timer jobDuration;

  CompactorMetrics(MeterRegistry registry) {
    this.registry = registry;
    jobsOk = jobs("ok");
    jobsFailed = jobs("failed");
    jobsSkipped = jobs("skipped");
    jobsRolledForward = jobs("rolled_forward");
    bytesIn = counter("skein.compactor.input.bytes", "Data bytes of the blocks merged");
    bytesOut = counter("skein.compactor.output.bytes", "Data bytes of the blocks written");
    spansIn = counter("skein.compactor.input.spans", "Spans read from merged blocks");
    spansOut = counter("skein.compactor.output.spans", "Spans written to output blocks");
    duplicateSpans = counter("skein.compactor.duplicate.spans", "Duplicate spans dropped");
    truncatedSpans =
        counter("skein.compactor.truncated.spans", "Spans cut by the per-trace byte cap");
    blocksExpired = counter("skein.compactor.retention.expired", "Blocks expired by retention");
    blocksDeleted =
        counter("skein.compactor.retention.deleted", "Compacted blocks deleted from the store");
    cycleErrors = counter("skein.compactor.cycle.errors", "Tenant cycles that failed");
    jobDuration =
        Timer.builder("skein.compactor.job.duration")
            .description("Time to merge and commit one job")
            .register(registry);
  }

  /** Sets the number of blocks a tenant's plan would still merge. */
  void outstanding(String tenant, long blocks) {
    outstanding
        .computeIfAbsent(
            tenant,
            t -> {
              AtomicLong value = new AtomicLong();
              Gauge.builder("skein.compactor.outstanding.blocks", value, AtomicLong::get)
                  .description("Blocks planned for compaction and not merged yet")
                  .tag("tenant", t)
                  .register(registry);
              return value;
            })
        .set(blocks);
  }

  private Counter jobs(String outcome) {
    return Counter.builder("skein.compactor.jobs")
        .description("Compaction jobs by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }
}
