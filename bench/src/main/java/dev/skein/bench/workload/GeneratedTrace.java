package dev.skein.bench.workload;

import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Set;

/**
 * One generated trace, before batching.
 *
 * @param index position in the workload, from 0
 * @param traceId its id
 * @param spans every span, on-time and late
 * @param shapes the shapes planted in it
 */
public record GeneratedTrace(
    int index, TraceId traceId, List<GeneratedSpan> spans, Set<Shape> shapes) {

  public GeneratedTrace {
    spans = List.copyOf(spans);
    shapes = Set.copyOf(shapes);
  }

  /**
   * One span and where it comes from.
   *
   * @param service index of the emitting service in the topology
   * @param scope index of the instrumentation scope
   * @param span the span
   * @param late whether it is held back and sent batches later
   */
  public record GeneratedSpan(int service, int scope, Span span, boolean late) {}
}
