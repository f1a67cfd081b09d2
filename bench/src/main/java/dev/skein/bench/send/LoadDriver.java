package dev.skein.bench.send;

import dev.skein.bench.report.LatencyRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends payloads with at most {@code concurrency} requests in flight, either as fast as the server
 * answers or at a fixed span rate, retrying refusals the OTLP specification calls retryable with
 * exponential backoff. Every fully successful answer is recorded in the {@link AckLedger}. Bounded
 * in count (the payloads) and time ({@code maxDuration}). One run per instance.
 */
public final class LoadDriver {

  /** Backoff before the first retry; doubles per attempt. */
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(50);

  /** Longest wait before a retry, whatever the server asks for. */
  public static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

  private final Sender sender;
  private final AckLedger ledger;
  private final int concurrency;
  private final double spansPerSecond;
  private final int maxRetries;
  private final Duration maxDuration;
  private final Duration retryBackoff;
  private final long warmupNanos;

  private final Semaphore inFlight;
  private final LatencyRecorder latency = new LatencyRecorder();
  private final LatencyRecorder fromSchedule = new LatencyRecorder();
  private final LatencyRecorder afterWarmup = new LatencyRecorder();
  private volatile long runStartNanos;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong partial = new AtomicLong();
  private final AtomicLong rejectedSpans = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong lastAnswerNanos = new AtomicLong();
  private final Map<String, Long> errors = new ConcurrentHashMap<>();

  /**
   * @param spansPerSecond target rate, or 0 for as fast as the server accepts
   * @param maxRetries retries of one payload after retryable refusals
   * @param maxDuration no new payload is sent after this
   */
  public LoadDriver(
      Sender sender,
      AckLedger ledger,
      int concurrency,
      double spansPerSecond,
      int maxRetries,
      Duration maxDuration,
      Duration retryBackoff) {
    this(
        sender,
        ledger,
        concurrency,
        spansPerSecond,
        maxRetries,
        maxDuration,
        retryBackoff,
        Duration.ZERO);
  }

  /**
   * @param warmup payloads due in the run's first {@code warmup} are sent and counted as usual, but
   *     left out of {@link LoadResult#ackLatencyAfterWarmup()}: the loader's own JIT warm-up and
   *     connection set-up are not the server's latency
   */
  public LoadDriver(
      Sender sender,
      AckLedger ledger,
      int concurrency,
      double spansPerSecond,
      int maxRetries,
      Duration maxDuration,
      Duration retryBackoff,
      Duration warmup) {
    this.sender = Objects.requireNonNull(sender, "sender");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
    }
    if (spansPerSecond < 0) {
      throw new IllegalArgumentException("rate must be >= 0, was " + spansPerSecond);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
    }
    this.concurrency = concurrency;
    this.spansPerSecond = spansPerSecond;
    this.maxRetries = maxRetries;
    this.maxDuration = Objects.requireNonNull(maxDuration, "maxDuration");
    this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must be >= 0, was " + warmup);
    }
    this.warmupNanos = warmup.toNanos();
    this.inFlight = new Semaphore(concurrency);
  }

  /** Sends {@code payloads} in order and waits for every answer (or the time limit). */
  public LoadResult run(List<Payload> payloads) throws InterruptedException {
    long start = System.nanoTime();
    runStartNanos = start;
    long deadline = start + maxDuration.toNanos();
    long sentRequests = 0;
    long sentSpans = 0;
    long sentBytes = 0;
    try (ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor()) {
      for (Payload p : payloads) {
        long due = System.nanoTime();
        if (spansPerSecond > 0) {
          due = Math.min(deadline, start + (long) (sentSpans * 1e9 / spansPerSecond));
          for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
            LockSupport.parkNanos(due - now);
          }
        }
        if (System.nanoTime() >= deadline
            || !inFlight.tryAcquire(
                Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          break;
        }
        sentRequests++;
        sentSpans += p.spanCount();
        sentBytes += p.body().length;
        attempt(p, 0, due, retries);
      }
      // Wait for the answers: every permit comes back when its payload is settled.
      long grace = Math.max(deadline - System.nanoTime(), 0) + Duration.ofSeconds(30).toNanos();
      if (!inFlight.tryAcquire(concurrency, grace, TimeUnit.NANOSECONDS)) {
        error("gave up waiting for answers");
      }
    }
    long end = Math.max(lastAnswerNanos.get(), start);
    return new LoadResult(
        sentRequests,
        accepted.get(),
        partial.get(),
        rejectedSpans.get(),
        refusals.get(),
        failed.get(),
        payloads.size() - sentRequests,
        sentSpans,
        ledger.ackedSpans(),
        sentBytes,
        end - start,
        latency.summary(),
        fromSchedule.summary(),
        afterWarmup.summary(),
        warmupNanos,
        errors);
  }

  /**
   * One attempt at sending {@code p}; {@code scheduled} is when the first attempt was due, so that
   * at a fixed rate the latency a waiting client sees (including queueing behind a slow server) is
   * recorded too, not only the service time (coordinated omission).
   */
  private void attempt(Payload p, int attempt, long scheduled, ScheduledExecutorService retries) {
    long t0 = System.nanoTime();
    sender
        .send(p.body())
        .whenComplete(
            (r, t) -> {
              long now = System.nanoTime();
              lastAnswerNanos.accumulateAndGet(now, Math::max);
              SendResult result = t != null ? SendResult.failed(t.toString()) : r;
              switch (result.outcome()) {
                case ACCEPTED -> {
                  latency.record(now - t0);
                  fromSchedule.record(now - scheduled);
                  if (scheduled - runStartNanos >= warmupNanos) {
                    afterWarmup.record(now - scheduled);
                  }
                  ledger.acknowledge(p.slices(), now);
                  accepted.incrementAndGet();
                  inFlight.release();
                }
                case PARTIAL -> {
                  partial.incrementAndGet();
                  rejectedSpans.addAndGet(result.rejectedSpans());
                  inFlight.release();
                }
                case RETRYABLE -> {
                  refusals.incrementAndGet();
                  error(result.detail());
                  if (attempt < maxRetries) {
                    // Honour the server's Retry-After / RetryInfo, capped so a run stays bounded.
                    long backoff =
                        Math.min(
                            MAX_RETRY_DELAY.toNanos(),
                            Math.max(
                                retryBackoff.toNanos() << Math.min(attempt, 10),
                                result.retryAfterNanos()));
                    retries.schedule(
                        () -> attempt(p, attempt + 1, scheduled, retries),
                        backoff,
                        TimeUnit.NANOSECONDS);
                  } else {
                    failed.incrementAndGet();
                    inFlight.release();
                  }
                }
                case FAILED -> {
                  failed.incrementAndGet();
                  error(result.detail());
                  inFlight.release();
                }
              }
            });
  }

  /** Counts an error message, keeping at most 20 distinct ones. */
  private void error(String detail) {
    if (errors.size() < 20 || errors.containsKey(detail)) {
      errors.merge(detail, 1L, Long::sum);
    }
  }

  @Override
  public String toString() {
    return "LoadDriver{concurrency="
        + concurrency
        + ", spansPerSecond="
        + spansPerSecond
        + ", maxRetries="
        + maxRetries
        + ", maxDuration="
        + maxDuration
        + "}";
  }
}
