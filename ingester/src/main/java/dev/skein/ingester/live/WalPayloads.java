package dev.skein.ingester.live;

import com.google.protobuf.CodedInputStream;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceCombiner;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The payload of a WAL record: the 16-byte trace id, then the serialized {@code TracesData} of one
 * trace's spans from one push. Stateless helpers.
 */
final class WalPayloads {

  /** Length of the trace-id prefix. */
  static final int PREFIX_BYTES = TraceId.BYTES;

  private WalPayloads() {}

  static byte[] of(TraceId traceId, byte[] tracesData) {
    byte[] p = new byte[PREFIX_BYTES + tracesData.length];
    System.arraycopy(traceId.toBytes(), 0, p, 0, PREFIX_BYTES);
    System.arraycopy(tracesData, 0, p, PREFIX_BYTES, tracesData.length);
    return p;
  }

  static TraceId traceIdOf(byte[] payload) {
    return TraceId.fromBytes(Arrays.copyOf(payload, PREFIX_BYTES));
  }

  /** Adds the spans of {@code payload} to {@code combiner} (which drops spans seen before). */
  static void addTo(TraceCombiner combiner, byte[] payload) {
    try {
      // parsed in place: no copy of the payload (the flush path reads every record once), and
      // bytes fields (ids, bytes values) alias it instead of being copied: payloads are never
      // modified once written
      CodedInputStream in =
          CodedInputStream.newInstance(payload, PREFIX_BYTES, payload.length - PREFIX_BYTES);
      in.enableAliasing(true);
      TracesData data = TracesData.parseFrom(in);
      data.getResourceSpansList().forEach(combiner::add);
    } catch (IOException e) {
      throw new UncheckedIOException("a WAL payload does not parse as TracesData", e);
    }
  }

  /** A new combiner without a size cap. */
  static TraceCombiner combiner(TraceId traceId) {
    return new TraceCombiner(traceId, Long.MAX_VALUE);
  }

  /** The combined trace, or empty when no span was added. */
  static Optional<Trace> result(TraceCombiner combiner) {
    Trace t = combiner.result();
    return t.resourceSpans().isEmpty() ? Optional.empty() : Optional.of(t);
  }
}
