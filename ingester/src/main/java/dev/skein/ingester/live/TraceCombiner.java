package dev.skein.ingester.live;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Combines the WAL payloads of one trace into a {@link Trace}, keeping each span once (by span id
 * and kind), so a batch a client sent twice is not shown twice. Not thread-safe: one per query.
 */
final class TraceCombiner {

  /** WAL payloads start with the 16-byte trace id; the rest is a serialized TracesData. */
  static final int PREFIX_BYTES = TraceId.BYTES;

  private final TraceId traceId;
  private final List<ResourceSpans> out = new ArrayList<>();
  private final Set<SpanKey> seen = new HashSet<>();

  TraceCombiner(TraceId traceId) {
    this.traceId = traceId;
  }

  static TraceId traceIdOf(byte[] payload) {
    return TraceId.fromBytes(java.util.Arrays.copyOf(payload, PREFIX_BYTES));
  }

  /** A WAL payload: the trace id, then the TracesData bytes. */
  static byte[] payload(TraceId traceId, byte[] tracesData) {
    byte[] p = new byte[PREFIX_BYTES + tracesData.length];
    System.arraycopy(traceId.toBytes(), 0, p, 0, PREFIX_BYTES);
    System.arraycopy(tracesData, 0, p, PREFIX_BYTES, tracesData.length);
    return p;
  }

  void add(byte[] payload) {
    TracesData data;
    try {
      data =
          TracesData.parseFrom(
              ByteString.copyFrom(payload, PREFIX_BYTES, payload.length - PREFIX_BYTES));
    } catch (InvalidProtocolBufferException e) {
      throw new UncheckedIOException("WAL payload of trace " + traceId + " does not parse", e);
    }
    for (ResourceSpans rs : data.getResourceSpansList()) {
      ResourceSpans kept = dedupe(rs);
      if (kept != null) {
        out.add(kept);
      }
    }
  }

  boolean isEmpty() {
    return out.isEmpty();
  }

  Trace build() {
    return new Trace(traceId, out);
  }

  private @org.jspecify.annotations.Nullable ResourceSpans dedupe(ResourceSpans rs) {
    Set<SpanKey> keys = new HashSet<>();
    boolean clean = true;
    for (ScopeSpans ss : rs.getScopeSpansList()) {
      for (Span s : ss.getSpansList()) {
        SpanKey k = new SpanKey(s.getSpanId(), s.getKindValue());
        if (seen.contains(k) || !keys.add(k)) {
          clean = false;
        }
      }
    }
    if (clean) {
      seen.addAll(keys);
      return rs;
    }
    // rebuild without the spans already seen in earlier payloads or earlier in this one
    ResourceSpans.Builder b = rs.toBuilder().clearScopeSpans();
    for (ScopeSpans ss : rs.getScopeSpansList()) {
      ScopeSpans.Builder sb = ss.toBuilder().clearSpans();
      for (Span s : ss.getSpansList()) {
        if (seen.add(new SpanKey(s.getSpanId(), s.getKindValue()))) {
          sb.addSpans(s);
        }
      }
      if (sb.getSpansCount() > 0) {
        b.addScopeSpans(sb);
      }
    }
    return b.getScopeSpansCount() > 0 ? b.build() : null;
  }

  private record SpanKey(ByteString spanId, int kind) {}
}
