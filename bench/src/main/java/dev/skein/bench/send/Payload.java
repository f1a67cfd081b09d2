package dev.skein.bench.send;

import dev.skein.bench.workload.Batch;
import dev.skein.bench.workload.TraceSlice;
import java.util.List;

/**
 * A request body ready to send, encoded ahead of time so the loader spends no CPU on encoding while
 * it measures.
 *
 * @param sequence the batch's sequence number
 * @param body the encoded request
 * @param slices the trace slices it carries
 * @param spanCount spans in the request
 */
public record Payload(int sequence, byte[] body, List<TraceSlice> slices, int spanCount) {

  public Payload {
    slices = List.copyOf(slices);
  }

  /** Encodes {@code batch} for {@code protocol}. */
  public static Payload of(Batch batch, Protocol protocol) {
    return new Payload(
        batch.sequence(), protocol.encode(batch.request()), batch.slices(), batch.spanCount());
  }
}
