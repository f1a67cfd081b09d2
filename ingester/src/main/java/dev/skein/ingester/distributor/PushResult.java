package dev.skein.ingester.distributor;

import dev.skein.trace.TraceId;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link SpanSink} refused of a push; everything else was made durable.
 *
 * @param refused one entry per refused trace
 */
public record PushResult(List<Refusal> refused) {

  /** Nothing refused. */
  public static final PushResult ACCEPTED = new PushResult(List.of());

  /** Copies the list. */
  public PushResult {
    refused = List.copyOf(refused);
  }

  /**
   * One refused trace.
   *
   * @param traceId the refused trace
   * @param spans how many spans were refused
   * @param reason why, as counted in metrics
   * @param detail a short explanation for the client, e.g. "trace ... would hold 6 MB, limit 5 MB"
   */
  public record Refusal(TraceId traceId, int spans, RefusalReason reason, String detail) {

    /** Validates the fields. */
    public Refusal {
      Objects.requireNonNull(traceId, "traceId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
