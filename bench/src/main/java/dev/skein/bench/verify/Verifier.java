package dev.skein.bench.verify;

import dev.skein.bench.report.LatencyRecorder;
import dev.skein.bench.send.AckLedger.AckedTrace;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches every acknowledged trace by id and checks it holds exactly the acknowledged spans. Spans
 * of requests that were sent but not acknowledged (a refused or partial request) may be stored or
 * not; they count as "extra", so a clean run has no refusals. One run per call; thread-safe.
 */
public final class Verifier {

  /**
   * The outcome.
   *
   * @param tracesChecked traces with at least one acknowledged span
   * @param tracesExact traces read back with exactly their acknowledged spans
   * @param tracesNotFound traces answered with 404
   * @param missingSpans acknowledged spans not read back (including those of missing traces)
   * @param duplicateSpans extra copies of spans read back more than once
   * @param extraSpans spans read back that were never acknowledged
   * @param fetchErrors fetches that failed or answered neither 200 nor 404
   * @param latency latency of the fetches
   * @param firstErrors a few error messages, with counts
   */
  public record Result(
      long tracesChecked,
      long tracesExact,
      long tracesNotFound,
      long missingSpans,
      long duplicateSpans,
      long extraSpans,
      long fetchErrors,
      LatencyRecorder.Summary latency,
      Map<String, Long> firstErrors) {

    public boolean clean() {
      return tracesExact == tracesChecked;
    }
  }

  private final QueryClient client;
  private final int concurrency;

  public Verifier(QueryClient client, int concurrency) {
    this.client = Objects.requireNonNull(client, "client");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
    }
    this.concurrency = concurrency;
  }

  /** Checks every trace in {@code traces}, at most {@code concurrency} fetches in flight. */
  public Result verify(List<AckedTrace> traces) throws InterruptedException {
    Semaphore permits = new Semaphore(concurrency);
    LatencyRecorder latency = new LatencyRecorder();
    AtomicLong exact = new AtomicLong();
    AtomicLong notFound = new AtomicLong();
    AtomicLong missing = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    AtomicLong extra = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Map<String, Long> messages = new ConcurrentHashMap<>();
    for (AckedTrace t : traces) {
      permits.acquire();
      client
          .traceById(t.traceId())
          .whenComplete(
              (a, ex) -> {
                try {
                  latency.record(a.latencyNanos());
                  if (a.status() == 404) {
                    notFound.incrementAndGet();
                    missing.addAndGet(t.ackedSpanIds().length);
                  } else if (!a.ok()) {
                    errors.incrementAndGet();
                    note(messages, a.status() == 0 ? a.error() : "HTTP " + a.status());
                  } else {
                    SpanDiff d = SpanDiff.of(t.ackedSpanIds(), QueryClient.spanIds(a.body()));
                    missing.addAndGet(d.missing());
                    duplicates.addAndGet(d.duplicates());
                    extra.addAndGet(d.extra());
                    if (d.exact()) {
                      exact.incrementAndGet();
                    }
                  }
                } catch (RuntimeException e) {
                  errors.incrementAndGet();
                  note(messages, e.toString());
                } finally {
                  permits.release();
                }
              });
    }
    if (!permits.tryAcquire(concurrency, 60, TimeUnit.SECONDS)) {
      note(messages, "gave up waiting for fetches after 60 s");
    }
    return new Result(
        traces.size(),
        exact.get(),
        notFound.get(),
        missing.get(),
        duplicates.get(),
        extra.get(),
        errors.get(),
        latency.summary(),
        Map.copyOf(messages));
  }

  private static void note(Map<String, Long> messages, String message) {
    if (messages.size() < 10 || messages.containsKey(message)) {
      messages.merge(message, 1L, Long::sum);
    }
  }

  @Override
  public String toString() {
    return "Verifier{client=" + client + ", concurrency=" + concurrency + "}";
  }
}
