package dev.skein.ingester.distributor;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the distributor hands accepted spans, already split by trace id (DESIGN.md section 2). In
 * {@code all} mode this is the in-process ingester; in scale-out mode a Kafka topic partitioned by
 * trace id.
 *
 * <p>Implementations are thread-safe: receivers call {@link #push} from many threads at once.
 */
public interface SpanSink {

  /**
   * Makes the traces durable. The future completes only once every accepted trace is durable (for
   * the ingester: its write-ahead-log record is fsynced) and findable by id, so the caller may
   * acknowledge the client then.
   *
   * <p>Per-trace refusals (for example a trace over its byte limit) complete the future normally
   * and are listed in the {@link PushResult}; the rest of the batch is kept. When nothing can be
   * accepted right now, the future fails with {@link dev.skein.common.OverCapacityException}
   * (retryable); a failed future means nothing of this push was acknowledged.
   *
   * @param tenant a validated tenant id
   * @param traces one entry per trace id, each trace id at most once
   * @return the refusals, completed once the rest is durable
   */
  CompletableFuture<PushResult> push(String tenant, List<TraceBatch> traces);
}
