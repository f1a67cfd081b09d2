package dev.skein.bench.workload;

import dev.skein.bench.workload.GeneratedTrace.GeneratedSpan;
import dev.skein.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns generated spans into a {@link Trace} grouped by resource and scope, as an SDK would export
 * them, for benchmarks that write blocks directly instead of sending OTLP. Stateless.
 */
public final class TraceAssembly {

  private TraceAssembly() {}

  /** Every span of {@code trace}, on-time and late. */
  public static Trace of(GeneratedTrace trace) {
    return of(trace, trace.spans());
  }

  /** Only {@code spans} (a part of {@code trace}), e.g. the half that reached another block. */
  public static Trace of(GeneratedTrace trace, List<GeneratedSpan> spans) {
    Map<Integer, Map<Integer, List<Span>>> grouped = new TreeMap<>();
    for (GeneratedSpan s : spans) {
      grouped
          .computeIfAbsent(s.service(), k -> new TreeMap<>())
          .computeIfAbsent(s.scope(), k -> new ArrayList<>())
          .add(s.span());
    }
    List<ResourceSpans> out = new ArrayList<>(grouped.size());
    grouped.forEach(
        (service, scopes) -> {
          ResourceSpans.Builder rs =
              ResourceSpans.newBuilder().setResource(Topology.resource(service));
          scopes.forEach(
              (scope, list) ->
                  rs.addScopeSpans(
                      ScopeSpans.newBuilder().setScope(Topology.scope(scope)).addAllSpans(list)));
          out.add(rs.build());
        });
    return new Trace(trace.traceId(), out);
  }

  /** The serialized OTLP protobuf size of {@code trace}'s resource spans. */
  public static long otlpBytes(Trace trace) {
    long n = 0;
    for (ResourceSpans rs : trace.resourceSpans()) {
      n += rs.getSerializedSize();
    }
    return n;
  }
}
