package dev.skein.bench.workload;

import dev.skein.bench.workload.GeneratedTrace.GeneratedSpan;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The workload as a stream of export requests, batched like a collector's batch processor: each
 * request carries {@code spansPerBatch} spans from consecutive traces (a trace may straddle two
 * requests), grouped by resource and scope. Late spans are held back until {@code lateAfterTraces}
 * more traces have been generated, or the end of the workload. Generated lazily; not thread-safe.
 */
public final class Workload implements Iterator<Batch> {

  private record Pending(int traceIndex, TraceId traceId, int traceSpanCount, GeneratedSpan span) {}

  private record Held(int releaseAfter, List<Pending> spans) {}

  private final WorkloadConfig config;
  private final TraceGenerator generator;
  private final Consumer<GeneratedTrace> observer;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private int nextTrace;
  private int nextSequence;

  public Workload(WorkloadConfig config) {
    this(config, t -> {});
  }

  /** A workload that shows every generated trace to {@code observer} (for statistics). */
  public Workload(WorkloadConfig config, Consumer<GeneratedTrace> observer) {
    this.config = Objects.requireNonNull(config, "config");
    this.generator = new TraceGenerator(config);
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  @Override
  public boolean hasNext() {
    fill();
    return !pending.isEmpty();
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("workload exhausted after " + nextSequence + " batches");
    }
    int n = Math.min(config.spansPerBatch(), pending.size());
    List<Pending> spans = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      spans.add(pending.poll());
    }
    return build(nextSequence++, spans);
  }

  /** Generates traces until a full batch is pending or the workload is exhausted. */
  private void fill() {
    while (pending.size() < config.spansPerBatch() && nextTrace < config.traces()) {
      GeneratedTrace t = generator.generate(nextTrace);
      observer.accept(t);
      List<Pending> late = new ArrayList<>();
      for (GeneratedSpan s : t.spans()) {
        Pending p = new Pending(t.index(), t.traceId(), t.spans().size(), s);
        (s.late() ? late : pending).add(p);
      }
      if (!late.isEmpty()) {
        held.add(new Held(t.index() + config.lateAfterTraces(), late));
      }
      while (!held.isEmpty() && held.peek().releaseAfter() <= t.index()) {
        pending.addAll(held.poll().spans());
      }
      nextTrace++;
    }
    if (nextTrace >= config.traces()) {
      while (!held.isEmpty()) {
        pending.addAll(held.poll().spans());
      }
    }
  }

  private static Batch build(int sequence, List<Pending> spans) {
    // resource -> scope -> spans, in topology order so the bytes are deterministic
    Map<Integer, Map<Integer, List<Span>>> grouped = new TreeMap<>();
    Map<Integer, Pending> firstOfTrace = new LinkedHashMap<>();
    Map<Integer, List<Long>> idsOfTrace = new LinkedHashMap<>();
    for (Pending p : spans) {
      GeneratedSpan s = p.span();
      grouped
          .computeIfAbsent(s.service(), k -> new TreeMap<>())
          .computeIfAbsent(s.scope(), k -> new ArrayList<>())
          .add(s.span());
      firstOfTrace.putIfAbsent(p.traceIndex(), p);
      idsOfTrace
          .computeIfAbsent(p.traceIndex(), k -> new ArrayList<>())
          .add(s.span().getSpanId().asReadOnlyByteBuffer().getLong());
    }
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    grouped.forEach(
        (service, scopes) -> {
          ResourceSpans.Builder rs =
              ResourceSpans.newBuilder()
                  .setResource(Topology.resource(service))
                  .setSchemaUrl("https://opentelemetry.io/schemas/1.27.0");
          scopes.forEach(
              (scope, list) ->
                  rs.addScopeSpans(
                      ScopeSpans.newBuilder().setScope(Topology.scope(scope)).addAllSpans(list)));
          request.addResourceSpans(rs);
        });
    List<TraceSlice> slices = new ArrayList<>(firstOfTrace.size());
    firstOfTrace.forEach(
        (index, p) -> {
          List<Long> ids = idsOfTrace.get(index);
          long[] arr = new long[ids.size()];
          for (int i = 0; i < arr.length; i++) {
            arr[i] = ids.get(i);
          }
          slices.add(new TraceSlice(index, p.traceId(), arr, p.traceSpanCount()));
        });
    return new Batch(sequence, request.build(), slices, spans.size());
  }
}
