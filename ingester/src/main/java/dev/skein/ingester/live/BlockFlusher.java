package dev.skein.ingester.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flush worker pool: completes cut head blocks through a {@link BlockCompleter} off the sweeper
 * thread, so a slow or unreachable object store never stalls cutting, sweeping or acknowledgements.
 * A failed flush is retried with capped exponential backoff and jitter until it succeeds; each
 * block is queued at most once, so concurrent sweeps and {@code POST /flush} never write the same
 * block twice at the same time. Thread-safe.
 *
 * <p>Metrics: {@code skein_ingester_flush_queue_blocks} (queued or in progress), {@code
 * skein_ingester_flush_retries_total}, {@code skein_ingester_flush_failures_total} and {@code
 * skein_ingester_flush_attempt_seconds{outcome}}.
 */
final class BlockFlusher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BlockFlusher.class);

  /** At most one retry warning per this period; the others are counted and summarised. */
  private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final BlockCompleter completer;
  private final FlushConfig config;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final ConcurrentMap<UUID, Job> jobs = new ConcurrentHashMap<>();
  private final Counter retries;
  private final Counter failures;
  private final Timer succeeded;
  private final Timer failed;
  private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
  private final AtomicLong suppressedWarnings = new AtomicLong();

  BlockFlusher(BlockCompleter completer, FlushConfig config, MeterRegistry meters) {
    this.completer = completer;
    this.config = config;
    this.workers =
        Executors.newFixedThreadPool(
            config.workers(),
            Thread.ofPlatform().daemon().name("skein-ingester-flush-", 0).factory());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("skein-ingester-flush-retry").factory());
    Gauge.builder("skein.ingester.flush.queue", jobs, ConcurrentMap::size)
        .description("Cut blocks queued for or being flushed to the object store")
        .baseUnit("blocks")
        .register(meters);
    this.retries =
        Counter.builder("skein.ingester.flush.retries")
            .description("Flush attempts that were retries of a failed one")
            .register(meters);
    this.failures =
        Counter.builder("skein.ingester.flush.failures")
            .description("Flush attempts that failed (each is retried with backoff)")
            .register(meters);
    this.succeeded = attemptTimer(meters, "success");
    this.failed = attemptTimer(meters, "failure");
  }

  private static Timer attemptTimer(MeterRegistry meters, String outcome) {
    return Timer.builder("skein.ingester.flush.attempt")
        .description("Duration of one flush attempt of one block, by outcome")
        .tag("outcome", outcome)
        .register(meters);
  }

  /**
   * Queues a cut block unless it is queued already.
   *
   * @param now whether to attempt it at once even if it is waiting out a retry backoff ({@code POST
   *     /flush})
   * @return completes after the block's next attempt: {@code true} when the block is in the store
   */
  CompletableFuture<Boolean> submit(TenantInstance tenant, HeadBlock block, boolean now) {
    Job job = jobs.computeIfAbsent(block.id(), id -> new Job(tenant, block));
    synchronized (job) {
      if (job.finished) {
        return CompletableFuture.completedFuture(true); // raced with its successful flush
      }
      if (!job.queued) {
        job.queued = true;
        dispatch(job);
      } else if (now && job.retry != null && job.retry.cancel(false)) {
        job.retry = null;
        dispatch(job);
      }
      return job.attempt;
    }
  }

  /** Blocks queued or in progress. */
  int queued() {
    return jobs.size();
  }

  private void dispatch(Job job) {
    try {
      workers.execute(() -> run(job));
    } catch (RejectedExecutionException e) {
      // closing: the block stays cut and its WAL segments stay, so a restart flushes it
      job.queued = false;
      jobs.remove(job.block.id());
      CompletableFuture<Boolean> done = job.attempt;
      job.attempt = new CompletableFuture<>();
      done.complete(false);
    }
  }

  private void run(Job job) {
    long t0 = System.nanoTime();
    boolean ok = false;
    Exception error = null;
    try {
      // a sweep may queue a block again just after its flush finished: nothing left to do then
      if (job.tenant.isCut(job.block)) {
        completer.complete(job.tenant.tenant, job.block.id(), job.tenant.traces(job.block));
        job.tenant.completed(job.block);
      }
      ok = true;
    } catch (IOException | RuntimeException e) {
      error = e;
    }
    long nanos = System.nanoTime() - t0;
    CompletableFuture<Boolean> done;
    synchronized (job) {
      done = job.attempt;
      if (ok) {
        job.finished = true;
        jobs.remove(job.block.id());
        succeeded.record(nanos, TimeUnit.NANOSECONDS);
      } else {
        job.attempt = new CompletableFuture<>();
        failed.record(nanos, TimeUnit.NANOSECONDS);
        failures.increment();
        job.failures++;
        Duration wait = config.backoff(job.failures, ThreadLocalRandom.current().nextDouble());
        warn(job, wait, error);
        try {
          job.retry = timer.schedule(() -> retry(job), wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
          job.queued = false;
        }
      }
    }
    done.complete(ok);
  }

  private void retry(Job job) {
    synchronized (job) {
      if (job.retry == null) {
        return; // already dispatched by a POST /flush
      }
      job.retry = null;
      retries.increment();
      dispatch(job);
    }
  }

  private void warn(Job job, Duration wait, @Nullable Exception error) {
    long now = System.nanoTime();
    long last = lastWarnNanos.get();
    if (now - last < LOG_EVERY_NANOS || !lastWarnNanos.compareAndSet(last, now)) {
      suppressedWarnings.incrementAndGet();
      return;
    }
    LOG.warn(
        "flushing block {} of tenant {} failed (attempt {}), retrying in {} ms; {} blocks"
            + " queued, {} similar warnings suppressed in the last {} s",
        job.block.id(),
        job.tenant.tenant,
        job.failures,
        wait.toMillis(),
        jobs.size(),
        suppressedWarnings.getAndSet(0),
        TimeUnit.NANOSECONDS.toSeconds(LOG_EVERY_NANOS),
        error);
  }

  /** Stops the workers; an attempt in progress gets {@code timeout} to finish. */
  void close(Duration timeout) {
    timer.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "flush workers still busy after {} s; stopping them, {} blocks stay in the WAL and"
                + " are flushed after restart",
            timeout.toSeconds(),
            jobs.size());
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /** One cut block on its way to the store; guarded by its own monitor. */
  private static final class Job {
    final TenantInstance tenant;
    final HeadBlock block;
    boolean queued;
    boolean finished;
    int failures;
    @Nullable ScheduledFuture<?> retry;
    CompletableFuture<Boolean> attempt = new CompletableFuture<>();

    Job(TenantInstance tenant, HeadBlock block) {
      this.tenant = tenant;
      this.block = block;
    }
  }
}
