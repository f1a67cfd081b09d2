package dev.skein.compactor;

import dev.skein.common.CheckResult;
import dev.skein.common.Component;
import dev.skein.common.TenantIds;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compactor component: one thread that runs a cycle every {@code cyclePeriod} over every tenant
 * in the store (retention, planning, merging, tenant index). Several compactors may share a bucket;
 * leases on input blocks keep each job with one of them. Thread-safe; {@link #runCycle()} must not
 * be called concurrently with the scheduled loop of the same instance ({@link
 * #runCycleNow(Duration)} queues a cycle on that loop instead).
 */
public final class Compactor implements Component {

  private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

  private final ObjectStore store;
  private final CompactorConfig config;
  private final String owner;
  private final CompactorMetrics metrics;
  private final TenantCycle cycle;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private volatile ScheduledExecutorService executor;

  /**
   * Creates a compactor; no I/O until {@link #start()}.
   *
   * @param store the bucket holding every tenant's blocks
   * @param config planning, retention and scheduling settings
   * @param blockConfig how output blocks are written
   * @param registry receives the {@code skein_compactor_*} meters
   * @param clock the time retention and leases go by
   * @param owner this compactor's id in lease objects, unique among compactors on the bucket
   */
  public Compactor(
      ObjectStore store,
      CompactorConfig config,
      BlockConfig blockConfig,
      MeterRegistry registry,
      Clock clock,
      String owner) {
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.metrics = new CompactorMetrics(registry);
    this.cycle =
        new TenantCycle(
            store,
            config,
            new BlockMerger(store, blockConfig, config.maxTraceBytes()),
            new Leases(store, owner, config.leaseDuration(), clock),
            metrics,
            clock);
  }

  /** Creates the work directory and schedules cycles, the first one at once. */
  @Override
  public void start() {
    if (!state.compareAndSet(State.NEW, State.RUNNING)) {
      throw new IllegalStateException("compactor already started or closed: " + state.get());
    }
    try {
      Files.createDirectories(config.workDir());
    } catch (IOException e) {
      throw new UncheckedIOException("create compactor work dir " + config.workDir(), e);
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("skein-compactor").daemon().unstarted(r));
    executor.scheduleWithFixedDelay(
        this::runCycleSafely, 0, config.cyclePeriod().toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("compactor {} started: {}", owner, config);
  }

  /**
   * Runs one cycle over every tenant now, on the calling thread (tests, benchmarks). A failing
   * tenant is logged and counted; the others still run. Must not overlap the scheduled loop: a
   * started compactor is triggered with {@link #runCycleNow(Duration)} instead.
   *
   * @return the number of jobs that merged blocks
   */
  public int runCycle() {
    return cycle().jobs();
  }

  /**
   * Runs one cycle over every tenant on the compactor's own thread, after the cycle in progress if
   * any, and waits for it (an operator's or benchmark's "compact now").
   *
   * @param timeout how long to wait; the cycle goes on in the background after a timeout
   * @return what the cycle did
   * @throws IllegalStateException when the compactor is not running
   * @throws TimeoutException when the cycle did not finish within {@code timeout}
   */
  public CycleReport runCycleNow(Duration timeout) throws TimeoutException, InterruptedException {
    ScheduledExecutorService e = executor;
    if (state.get() != State.RUNNING || e == null) {
      throw new IllegalStateException("compactor is not running: " + state.get());
    }
    Future<CycleReport> f;
    try {
      f = e.submit(this::cycle);
    } catch (RejectedExecutionException ex) {
      throw new IllegalStateException("compactor is shutting down", ex);
    }
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException ex) {
      throw new IllegalStateException("compaction cycle failed: " + ex.getCause(), ex.getCause());
    }
  }

  private CycleReport cycle() {
    long started = System.nanoTime();
    CycleReport.Tally tally = new CycleReport.Tally();
    for (String tenant : store.children("")) {
      if (!TenantIds.isValid(tenant) || state.get() == State.CLOSED) {
        continue;
      }
      tally.tenant();
      try {
        cycle.run(tenant, () -> state.get() != State.CLOSED, tally);
      } catch (RuntimeException e) {
        tally.failedTenant();
        metrics.cycleErrors.increment();
        LOG.warn("compaction cycle of tenant {} failed; retrying next cycle", tenant, e);
      }
    }
    return tally.report((System.nanoTime() - started) / 1_000_000);
  }

  private void runCycleSafely() {
    try {
      cycle();
    } catch (RuntimeException e) {
      metrics.cycleErrors.increment();
      LOG.warn("compaction cycle failed; retrying next cycle", e);
    }
  }

  @Override
  public CheckResult check() {
    return state.get() == State.CLOSED ? CheckResult.failed("compactor closed") : CheckResult.OK;
  }

  /** Stops scheduling; a job in progress is abandoned (its leases expire, nothing is visible). */
  @Override
  public void close() {
    if (state.getAndSet(State.CLOSED) == State.CLOSED) {
      return;
    }
    ScheduledExecutorService e = executor;
    if (e != null) {
      e.shutdown();
      try {
        if (!e.awaitTermination(30, TimeUnit.SECONDS)) {
          e.shutdownNow();
        }
      } catch (InterruptedException ie) {
        e.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "Compactor{owner=" + owner + ", config=" + config + "}";
  }

  private enum State {
    NEW,
    RUNNING,
    CLOSED
  }
}
