package dev.skein.bench.send;

import dev.skein.bench.report.LatencyRecorder;
import java.util.Map;

/**
 * What one load run did.
 *
 * @param requestsSent payloads handed to the sender at least once
 * @param requestsAccepted payloads fully acknowledged
 * @param requestsPartial payloads answered with partial success (spans not counted as acked)
 * @param rejectedSpans the sum of {@code rejected_spans} of those answers
 * @param retryableRefusals answers that asked to retry later (each attempt counted)
 * @param requestsFailed payloads given up on: a final refusal or retries exhausted
 * @param requestsNotSent payloads skipped because the run hit its time limit
 * @param spansSent spans in the payloads sent
 * @param spansAcked spans acknowledged
 * @param bytesSent request bytes of the payloads sent (first attempt)
 * @param elapsedNanos from the first send to the last answer
 * @param ackLatency latency of the successful attempts, from send to answer
 * @param ackLatencyFromSchedule from the time the payload was due (at a fixed rate) or first sent
 *     to the successful answer, retries and queueing included
 * @param ackLatencyAfterWarmup {@code ackLatencyFromSchedule} of the payloads due after the warm-up
 * @param warmupNanos the warm-up left out of {@code ackLatencyAfterWarmup}
 * @param errors the first error message seen per distinct message, with counts
 */
public record LoadResult(
    long requestsSent,
    long requestsAccepted,
    long requestsPartial,
    long rejectedSpans,
    long retryableRefusals,
    long requestsFailed,
    long requestsNotSent,
    long spansSent,
    long spansAcked,
    long bytesSent,
    long elapsedNanos,
    LatencyRecorder.Summary ackLatency,
    LatencyRecorder.Summary ackLatencyFromSchedule,
    LatencyRecorder.Summary ackLatencyAfterWarmup,
    long warmupNanos,
    Map<String, Long> errors) {

  public LoadResult {
    errors = Map.copyOf(errors);
  }

  /** Acknowledged spans per second of the run. */
  public double ackedSpansPerSecond() {
    return elapsedNanos == 0 ? 0 : spansAcked * 1e9 / elapsedNanos;
  }

  /** Request bytes per second of the run, as MB/s (10^6). */
  public double megabytesPerSecond() {
    return elapsedNanos == 0 ? 0 : bytesSent * 1e3 / elapsedNanos;
  }
}
