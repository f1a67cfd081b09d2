package dev.skein.ingester.live;

import dev.skein.common.CheckResult;
import dev.skein.common.Component;
import dev.skein.common.TenantIds;
import dev.skein.ingester.distributor.Overrides;
import dev.skein.ingester.distributor.PushResult;
import dev.skein.ingester.distributor.SpanSink;
import dev.skein.ingester.distributor.TraceBatch;
import dev.skein.ingester.wal.Wal;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process ingester: the {@link SpanSink} of {@code all} mode and the {@link IngesterQuery}
 * over recent data. Per tenant it appends each push to the write-ahead log (acknowledged once
 * fsynced), holds live traces as serialized bytes under a memory budget, cuts idle traces into a
 * WAL-backed head block and cuts head blocks for completion by a {@link BlockCompleter}.
 *
 * <p>Lifecycle: {@link #start()} replays every tenant's WAL into its head block (so nothing
 * acknowledged before a crash is lost, and replay holds only record locations in memory) and starts
 * the sweeper; {@link #close()} stops it and closes the WALs cleanly. Thread-safe.
 */
public final class Ingester implements Component, SpanSink, IngesterQuery {

  private static final Logger LOG = LoggerFactory.getLogger(Ingester.class);

  private enum State {
    NEW,
    RUNNING,
    CLOSED
  }

  private final IngesterConfig config;
  private final MeterRegistry meters;
  private final LongSupplier nanoTime;
  private final @Nullable BlockCompleter completer;
  private final @Nullable BlockFlusher flusher;
  private final Overrides overrides;
  private final MemoryBudget globalBudget;
  private final MemoryBudget unflushed;
  private final ConcurrentMap<String, TenantInstance> tenants = new ConcurrentHashMap<>();
  private volatile State state = State.NEW;
  private @Nullable ScheduledExecutorService sweeper;

  /**
   * Creates an ingester; does no I/O.
   *
   * @param config validated settings
   * @param meters where gauges and counters are registered
   * @param nanoTime a monotonic clock ({@code System::nanoTime} outside tests)
   * @param completer completes cut head blocks on the flush workers; {@code null}: cut blocks stay
   *     queryable and their WAL segments are kept
   */
  public Ingester(
      IngesterConfig config,
      MeterRegistry meters,
      LongSupplier nanoTime,
      @Nullable BlockCompleter completer) {
    this(config, Overrides.NONE, meters, nanoTime, completer);
  }

  /**
   * Creates an ingester with per-tenant limit overrides; does no I/O.
   *
   * @param config validated settings; its per-tenant limits are the defaults
   * @param overrides per-tenant max bytes per trace and max live-trace bytes
   * @param meters where gauges and counters are registered
   * @param nanoTime a monotonic clock ({@code System::nanoTime} outside tests)
   * @param completer completes cut head blocks on the flush workers; {@code null}: cut blocks stay
   *     queryable and their WAL segments are kept
   */
  public Ingester(
      IngesterConfig config,
      Overrides overrides,
      MeterRegistry meters,
      LongSupplier nanoTime,
      @Nullable BlockCompleter completer) {
    this.config = Objects.requireNonNull(config, "config");
    this.overrides = Objects.requireNonNull(overrides, "overrides");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.completer = completer;
    this.flusher = completer == null ? null : new BlockFlusher(completer, config.flush(), meters);
    this.globalBudget = new MemoryBudget(config.effectiveMaxLiveBytesTotal());
    this.unflushed = new MemoryBudget(config.flush().maxUnflushedBytes());
    Gauge.builder("skein.ingester.live.bytes.limit", globalBudget, MemoryBudget::limit)
        .description("Process-wide budget for live trace bytes")
        .register(meters);
    Gauge.builder("skein.ingester.flush.unflushed.bytes", unflushed, MemoryBudget::used)
        .description("WAL bytes of cut blocks not yet in the object store, all tenants")
        .register(meters);
  }

  /** Replays every tenant's WAL, then starts the periodic sweep. */
  @Override
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("ingester already " + state);
    }
    Path root = config.wal().dir();
    try {
      Files.createDirectories(root);
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
          String tenant = dir.getFileName().toString();
          if (TenantIds.isValid(tenant)) {
            tenant(tenant);
          } else {
            LOG.warn("ignoring {}: not a valid tenant id", dir);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing WAL directory " + root, e);
    }
    if (completer == null) {
      LOG.warn(
          "no block completer: cut head blocks stay in the WAL, queryable, and WAL segments are"
              + " never deleted");
    }
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("skein-ingester-sweep").factory());
    long period = config.flushCheckPeriod().toMillis();
    s.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
    sweeper = s;
    state = State.RUNNING;
  }

  @Override
  public CompletableFuture<PushResult> push(String tenant, List<TraceBatch> traces) {
    if (state != State.RUNNING) {
      return CompletableFuture.failedFuture(
          new dev.skein.common.OverCapacityException(
              "the ingester is " + state.name().toLowerCase(java.util.Locale.ROOT),
              false,
              java.time.Duration.ofSeconds(1)));
    }
    return tenant(tenant).push(traces);
  }

  @Override
  public Optional<Trace> findTraceById(String tenant, TraceId traceId) {
    TenantInstance t = tenants.get(tenant);
    return t == null ? Optional.empty() : t.find(traceId);
  }

  @Override
  public void forEachTrace(String tenant, java.util.function.Consumer<Trace> consumer) {
    TenantInstance t = tenants.get(tenant);
    if (t != null) {
      t.forEachTrace(consumer);
    }
  }

  /**
   * One sweep: cuts idle and old live traces into head blocks, cuts head blocks that are big or old
   * enough, and completes cut blocks when a completer is wired. Runs every {@code
   * flushCheckPeriod}; public so tests with a fake clock can drive it.
   */
  public void sweep() {
    for (TenantInstance t : tenants.values()) {
      t.cutLive(false);
      t.cutHead(false);
      queueCut(t, false);
      expireFlushed(t);
    }
  }

  /**
   * Cuts every live trace and every non-empty head block now ({@code POST /flush}, and the Kafka
   * consumer before it commits offsets) and returns once every cut block was attempted (at once,
   * even if it was waiting out a retry backoff): blocks that failed stay queued for retries and
   * queryable here.
   *
   * @return how many cut blocks are not in the object store yet
   */
  public int flush() {
    List<CompletableFuture<Boolean>> attempts = new ArrayList<>();
    for (TenantInstance t : tenants.values()) {
      int n = t.cutLive(true);
      HeadBlock b = t.cutHead(true);
      LOG.info(
          "flush of tenant {}: {} live traces cut, head block {}",
          t.tenant,
          n,
          b == null ? "empty" : b.id() + " cut");
      attempts.addAll(queueCut(t, true));
    }
    int failed = 0;
    if (flusher == null) {
      // nothing can store a block: every cut block is still waiting
      for (TenantInstance t : tenants.values()) {
        failed += t.cutBlocks().size();
      }
    }
    for (CompletableFuture<Boolean> a : attempts) {
      if (!a.join()) {
        failed++;
      }
    }
    return failed;
  }

  /**
   * {@link #flush()} for the Kafka consumer, which may commit its offsets only when this returns
   * true: everything consumed so far is in the object store.
   */
  public boolean flushToStore() {
    return flush() == 0;
  }

  /** Cut blocks queued for or being flushed to the object store. */
  public int flushQueueLength() {
    BlockFlusher f = flusher;
    return f == null ? 0 : f.queued();
  }

  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.error("ingester sweep failed; retrying next period", e);
    }
  }

  /** Queues every cut block of the tenant on the flush workers (each block once). */
  private List<CompletableFuture<Boolean>> queueCut(TenantInstance t, boolean now) {
    BlockFlusher f = flusher;
    if (f == null) {
      return List.of();
    }
    List<CompletableFuture<Boolean>> attempts = new ArrayList<>();
    for (HeadBlock b : t.cutBlocks()) {
      attempts.add(f.submit(t, b, now));
    }
    return attempts;
  }

  private void expireFlushed(TenantInstance t) {
    try {
      int n = t.expireFlushed();
      if (n > 0) {
        LOG.debug(
            "tenant {}: {} flushed blocks passed complete-block-timeout, no longer served here",
            t.tenant,
            n);
      }
    } catch (IOException e) {
      LOG.warn("deleting WAL segments of tenant {} failed; retrying next sweep", t.tenant, e);
    }
  }

  private TenantInstance tenant(String tenant) {
    TenantInstance t = tenants.get(tenant);
    if (t != null) {
      return t;
    }
    synchronized (tenants) {
      return tenants.computeIfAbsent(tenant, this::open);
    }
  }

  private TenantInstance open(String tenant) {
    long t0 = System.nanoTime();
    HeadBlock replayed = new HeadBlock(nanoTime.getAsLong());
    long[] records = new long[1];
    Wal wal =
        Wal.open(
            tenant,
            config.wal(),
            meters,
            (location, payload) -> {
              replayed.add(WalPayloads.traceIdOf(payload), new long[] {location}, payload.length);
              records[0]++;
            });
    if (records[0] > 0) {
      LOG.info(
          "replayed WAL of tenant {}: {} records, {} traces, {} bytes in {} ms",
          tenant,
          records[0],
          replayed.traces().size(),
          replayed.bytes(),
          (System.nanoTime() - t0) / 1_000_000);
    }
    TenantInstance t =
        new TenantInstance(
            tenant,
            wal,
            replayed,
            config,
            overrides.forTenant(tenant),
            nanoTime,
            globalBudget,
            unflushed);
    Gauge.builder("skein.ingester.live.traces", t, TenantInstance::liveTraces)
        .description("Live traces held in memory")
        .tag("tenant", tenant)
        .strongReference(true)
        .register(meters);
    Gauge.builder("skein.ingester.live.bytes", t, TenantInstance::liveBytes)
        .description("Bytes of live traces held in memory")
        .tag("tenant", tenant)
        .strongReference(true)
        .register(meters);
    Gauge.builder("skein.ingester.head.traces", t, TenantInstance::headTraces)
        .description("Traces in head and cut blocks, backed by the WAL")
        .tag("tenant", tenant)
        .strongReference(true)
        .register(meters);
    Gauge.builder("skein.ingester.flushed.traces", t, TenantInstance::flushedTraces)
        .description("Traces of flushed blocks still answered here (complete-block-timeout)")
        .tag("tenant", tenant)
        .strongReference(true)
        .register(meters);
    return t;
  }

  @Override
  public CheckResult check() {
    if (state != State.RUNNING) {
      return CheckResult.failed("ingester is " + state.name().toLowerCase(java.util.Locale.ROOT));
    }
    for (TenantInstance t : tenants.values()) {
      IOException failure = t.wal.failure();
      if (failure != null) {
        return CheckResult.failed("WAL of tenant " + t.tenant + " cannot write: " + failure);
      }
    }
    return CheckResult.OK;
  }

  /** Stops the sweep, optionally flushes, and closes every WAL (queued appends are written). */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    boolean wasRunning = state == State.RUNNING;
    state = State.CLOSED;
    ScheduledExecutorService s = sweeper;
    if (s != null) {
      s.shutdownNow();
      try {
        s.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (wasRunning && config.flushAllOnShutdown() && completer != null) {
      int left = flush();
      if (left > 0) {
        LOG.warn(
            "{} blocks could not be flushed before shutdown; they are replayed on start", left);
      }
    }
    BlockFlusher f = flusher;
    if (f != null) {
      f.close();
    }
    for (TenantInstance t : tenants.values()) {
      t.wal.close();
      try {
        t.forgetFlushed();
        // everything is in the object store: a restart must not replay and flush it again
        if (completer != null && t.holdsNothingUnflushed()) {
          t.wal.deleteAllAfterClose();
        }
      } catch (IOException e) {
        LOG.warn("deleting flushed WAL segments of tenant {} failed", t.tenant, e);
      }
    }
  }

  @Override
  public String toString() {
    return "Ingester{wal="
        + config.wal().dir()
        + ", traceIdlePeriod="
        + config.traceIdlePeriod()
        + ", maxLiveTraceBytes="
        + config.maxLiveTraceBytes()
        + ", maxLiveBytesTotal="
        + globalBudget.limit()
        + ", completer="
        + (completer == null ? "none" : completer)
        + "}";
  }
}
