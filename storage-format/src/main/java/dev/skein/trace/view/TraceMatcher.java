package dev.skein.trace.view;

import dev.skein.api.v1.ServiceStats;
import dev.skein.api.v1.SpanSet;
import dev.skein.api.v1.TraceSearchMetadata;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.eval.Evaluator;
import dev.skein.traceql.eval.SpanMatch;
import dev.skein.traceql.eval.Spanset;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Evaluates a TraceQL query on one in-memory trace and, when it matches, describes the trace as a
 * search result (Tempo's {@code TraceSearchMetadata}): root service and name, start, duration,
 * matching spansets with up to {@code spss} spans each, and per-service span and error counts.
 * Thread-safe when its {@link Evaluator} is (which TraceQL's is).
 */
public final class TraceMatcher {

  private final Evaluator evaluator;
  private final int spansPerSpanSet;

  /**
   * Creates a matcher.
   *
   * @param evaluator the compiled query
   * @param spansPerSpanSet the most spans to describe per spanset; {@code matched} still counts all
   */
  public TraceMatcher(Evaluator evaluator, int spansPerSpanSet) {
    if (spansPerSpanSet <= 0) {
      throw new IllegalArgumentException("spansPerSpanSet must be > 0, was " + spansPerSpanSet);
    }
    this.evaluator = evaluator;
    this.spansPerSpanSet = spansPerSpanSet;
  }

  /** The search result for {@code view}, or empty when the query does not match it. */
  public Optional<TraceSearchMetadata> match(OtlpTraceView view) {
    List<Spanset> spansets = evaluator.evaluate(view);
    if (spansets.isEmpty()) {
      return Optional.empty();
    }
    TraceSearchMetadata.Builder out = describe(view);
    for (Spanset spanset : spansets) {
      out.addSpanSets(toApi(spanset));
    }
    out.setSpanSet(out.getSpanSets(0));
    return Optional.of(out.build());
  }

  /** The trace-level fields of a search result, without spansets. */
  public static TraceSearchMetadata.Builder describe(OtlpTraceView view) {
    TraceSearchMetadata.Builder out =
        TraceSearchMetadata.newBuilder()
            .setTraceId(view.traceId())
            .setStartTimeUnixNano(view.startNanos())
            .setEndTimeUnixNano(view.endNanos())
            .setDurationMs((int) Math.min(Integer.MAX_VALUE, view.durationNanos() / 1_000_000));
    if (view.rootServiceName() != null) {
      out.setRootServiceName(view.rootServiceName());
    }
    if (view.rootName() != null) {
      out.setRootTraceName(view.rootName());
    }
    Map<String, int[]> stats = new TreeMap<>();
    for (OtlpSpanView span : view.spans()) {
      String service = span.serviceName();
      int[] counts = stats.computeIfAbsent(service == null ? "" : service, k -> new int[2]);
      counts[0]++;
      if (span.status() == dev.skein.traceql.ast.StatusCode.ERROR) {
        counts[1]++;
      }
    }
    stats.forEach(
        (service, c) ->
            out.putServiceStats(
                service, ServiceStats.newBuilder().setSpanCount(c[0]).setErrorCount(c[1]).build()));
    return out;
  }

  private SpanSet toApi(Spanset spanset) {
    SpanSet.Builder out = SpanSet.newBuilder().setMatched(spanset.matched());
    int n = 0;
    for (SpanMatch match : spanset.spans()) {
      if (n++ >= spansPerSpanSet) {
        break;
      }
      OtlpSpanView span = (OtlpSpanView) match.span();
      dev.skein.api.v1.Span.Builder s =
          dev.skein.api.v1.Span.newBuilder()
              .setSpanId(span.spanId())
              .setName(span.name())
              .setStartTimeUnixNano(span.startNanos())
              .setDurationNanos(span.durationNanos());
      String service = span.serviceName();
      if (service != null) {
        s.addAttributes(keyValue("service.name", Value.of(service)));
      }
      match.selected().forEach((k, v) -> s.addAttributes(keyValue(k, v)));
      out.addSpans(s);
    }
    spanset.attributes().forEach((k, v) -> out.addAttributes(keyValue(k, v)));
    spanset.aggregates().forEach((k, v) -> out.addAttributes(keyValue(k, v)));
    return out.build();
  }

  static KeyValue keyValue(String key, Value value) {
    return KeyValue.newBuilder().setKey(key).setValue(anyValue(value)).build();
  }

  static AnyValue anyValue(Value value) {
    return switch (value) {
      case Value.Str s -> AnyValue.newBuilder().setStringValue(s.value()).build();
      case Value.Int i -> AnyValue.newBuilder().setIntValue(i.value()).build();
      case Value.Float f -> AnyValue.newBuilder().setDoubleValue(f.value()).build();
      case Value.Bool b -> AnyValue.newBuilder().setBoolValue(b.value()).build();
      case Value.Array a -> {
        ArrayValue.Builder array = ArrayValue.newBuilder();
        a.values().forEach(v -> array.addValues(anyValue(v)));
        yield AnyValue.newBuilder().setArrayValue(array).build();
      }
      default -> AnyValue.newBuilder().setStringValue(value.toString()).build();
    };
  }
}
