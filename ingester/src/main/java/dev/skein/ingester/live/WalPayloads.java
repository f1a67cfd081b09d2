package dev.skein.ingester.live;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceCombiner;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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
    parse(payload).getResourceSpansList().forEach(combiner::add);
  }

  /**
   * The trace of {@code traceId} when {@code payload} is its only record: the payload's groups as
   * they are when a {@link #combiner} would give back the same groups (each resource and each scope
   * of a resource once, no empty group, no span of another trace, no span twice), which is what the
   * distributor writes; otherwise the combiner's result. Skips rebuilding every group with protobuf
   * builders on the flush path.
   */
  static Optional<Trace> single(TraceId traceId, byte[] payload) {
    TracesData data = parse(payload);
    if (data.getResourceSpansCount() > 0 && combinesToItself(traceId, data)) {
      return Optional.of(new Trace(traceId, data.getResourceSpansList()));
    }
    TraceCombiner combiner = combiner(traceId);
    data.getResourceSpansList().forEach(combiner::add);
    return result(combiner);
  }

  static boolean combinesToItself(TraceId traceId, TracesData data) {
    ByteString id = traceId.toByteString();
    if (!distinct(
        data.getResourceSpansList(), rs -> List.of(rs.getResource(), rs.getSchemaUrl()))) {
      return false;
    }
    long[] spanIds = new long[32];
    int spans = 0;
    boolean checkSpansExactly = false;
    for (ResourceSpans rs : data.getResourceSpansList()) {
      if (rs.getScopeSpansCount() == 0
          || !distinct(rs.getScopeSpansList(), ss -> List.of(ss.getScope(), ss.getSchemaUrl()))) {
        return false;
      }
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        if (ss.getSpansCount() == 0) {
          return false;
        }
        for (Span span : ss.getSpansList()) {
          if (!span.getTraceId().equals(id)) {
            return false;
          }
          ByteString spanId = span.getSpanId();
          if (spanId.size() != SPAN_ID_BYTES) {
            checkSpansExactly = true;
            continue;
          }
          if (spans == spanIds.length) {
            spanIds = Arrays.copyOf(spanIds, spans * 2);
          }
          spanIds[spans++] = asLong(spanId);
        }
      }
    }
    // distinct span ids make distinct (span id, kind) pairs; only a repeated id needs the kinds
    Arrays.sort(spanIds, 0, spans);
    for (int i = 1; i < spans && !checkSpansExactly; i++) {
      checkSpansExactly = spanIds[i] == spanIds[i - 1];
    }
    return !checkSpansExactly || spansUnique(data);
  }

  /** Up to this many groups are compared pair by pair: cheaper than hashing every attribute. */
  private static final int PAIRWISE_MAX_GROUPS = 8;

  /** Whether no two of {@code groups} have equal keys. */
  private static <T> boolean distinct(List<T> groups, Function<T, List<Object>> key) {
    int n = groups.size();
    if (n <= 1) {
      return true;
    }
    if (n > PAIRWISE_MAX_GROUPS) {
      Set<List<Object>> seen = new HashSet<>();
      for (T g : groups) {
        if (!seen.add(key.apply(g))) {
          return false;
        }
      }
      return true;
    }
    List<List<Object>> keys = new ArrayList<>(n);
    for (T g : groups) {
      List<Object> k = key.apply(g);
      for (List<Object> other : keys) {
        if (other.equals(k)) {
          return false;
        }
      }
      keys.add(k);
    }
    return true;
  }

  /** Length of an OTLP span id. */
  private static final int SPAN_ID_BYTES = 8;

  private static long asLong(ByteString spanId) {
    long v = 0;
    for (int i = 0; i < SPAN_ID_BYTES; i++) {
      v = v << 8 | (spanId.byteAt(i) & 0xff);
    }
    return v;
  }

  /** Whether no two spans share span id and kind (what the combiner keeps apart). */
  private static boolean spansUnique(TracesData data) {
    Set<List<Object>> spans = new HashSet<>();
    for (ResourceSpans rs : data.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          if (!spans.add(List.of(span.getSpanId(), span.getKindValue()))) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static TracesData parse(byte[] payload) {
    try {
      // parsed in place: no copy of the payload (the flush path reads every record once), and
      // bytes fields (ids, bytes values) alias it instead of being copied: payloads are never
      // modified once written
      CodedInputStream in =
          CodedInputStream.newInstance(payload, PREFIX_BYTES, payload.length - PREFIX_BYTES);
      in.enableAliasing(true);
      return TracesData.parseFrom(in);
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
