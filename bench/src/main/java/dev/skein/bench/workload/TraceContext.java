package dev.skein.bench.workload;

import com.google.protobuf.ByteString;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/** The mutable state of one trace while it is generated. Not thread-safe. */
final class TraceContext {
  final SplittableRandom rng;
  final TraceId traceId;
  final ByteString traceIdBytes;
  final long startNanos;
  final List<SpanNode> nodes = new ArrayList<>();

  /** Shapes chosen for this trace and not planted yet. */
  final Set<Shape> pending = EnumSet.noneOf(Shape.class);

  /** Every shape chosen for this trace. */
  final Set<Shape> chosen = EnumSet.noneOf(Shape.class);

  /** High-cardinality values shared by the spans of one request, as real requests share them. */
  final String userId;

  final String orderId;
  final int productId;
  private int budget;

  TraceContext(SplittableRandom rng, long startNanos, int budget) {
    this.rng = rng;
    long high = rng.nextLong();
    long low = rng.nextLong() | 1; // never the all-zero id OTLP forbids
    this.traceId = new TraceId(high, low);
    this.traceIdBytes = traceId.toByteString();
    this.startNanos = startNanos;
    this.budget = budget;
    this.userId = "u-" + rng.nextInt(1_000_000);
    this.orderId = "ord-" + Long.toHexString(rng.nextLong() >>> 16);
    this.productId = 10_000 + rng.nextInt(90_000);
  }

  void choose(Shape shape) {
    pending.add(shape);
    chosen.add(shape);
  }

  /** Consumes a pending shape: true once, when the shape was chosen. */
  boolean plant(Shape shape) {
    return pending.remove(shape);
  }

  /** Takes {@code n} spans from the budget of the ordinary call tree; false when it has not. */
  boolean take(int n) {
    if (budget < n) {
      return false;
    }
    budget -= n;
    return true;
  }

  SpanNode span(
      int service, int scope, @Nullable SpanNode parent, Span.SpanKind kind, String name) {
    return span(service, scope, parent, kind, name, parent != null && parent.late);
  }

  SpanNode span(
      int service,
      int scope,
      @Nullable SpanNode parent,
      Span.SpanKind kind,
      String name,
      boolean late) {
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(traceIdBytes)
            .setSpanId(spanId())
            .setName(name)
            .setKind(kind)
            .setFlags(0x101); // sampled, and the parent-is-remote bit is known
    if (parent != null) {
      b.setParentSpanId(parent.span.getSpanId());
      parent.children++;
    }
    SpanNode node = new SpanNode(service, scope, b, parent, late);
    nodes.add(node);
    return node;
  }

  /** A duration drawn uniformly from [loMicros, hiMicros), in nanoseconds. */
  long micros(long loMicros, long hiMicros) {
    return rng.nextLong(loMicros, hiMicros) * 1000;
  }

  <T> T pick(List<T> values) {
    return values.get(rng.nextInt(values.size()));
  }

  private ByteString spanId() {
    long id = rng.nextLong() | 1L << 62; // never zero
    return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array());
  }
}
