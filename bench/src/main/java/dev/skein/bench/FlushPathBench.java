package dev.skein.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import dev.skein.bench.workload.Batch;
import dev.skein.bench.workload.Workload;
import dev.skein.bench.workload.WorkloadConfig;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceCombiner;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ingester's flush path in one thread, without a server: the {@code bench e2e} workload split
 * per trace and push as the distributor does (one serialized {@code TracesData} per trace and
 * request, the WAL payload), then, timed, each trace's payloads parsed in place as the flush path
 * does and written to a vsk1 block, completed into a directory object store. Prints thread CPU
 * seconds per 100k spans and bytes allocated per span per round (the first rounds are JIT warm-up).
 * Never runs as a test. Usage:
 *
 * <pre>
 * java -cp skein-bench.jar dev.skein.bench.FlushPathBench [traces=20000] [rounds=4]</pre>
 */
public final class FlushPathBench {

  private FlushPathBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws IOException {
    int traces = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    TreeMap<TraceId, List<byte[]>> payloads = payloads(traces);
    long spans = 0;
    for (List<byte[]> p : payloads.values()) {
      for (byte[] b : p) {
        spans +=
            parse(b).getResourceSpansList().stream()
                .flatMap(r -> r.getScopeSpansList().stream())
                .mapToInt(ScopeSpans::getSpansCount)
                .sum();
      }
    }
    System.out.printf("workload: %d traces, %d spans%n", payloads.size(), spans);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    Path dir = Files.createTempDirectory("skein-flush-bench");
    for (int round = 1; round <= rounds; round++) {
      DirObjectStore store = new DirObjectStore(dir.resolve("store" + round));
      long t0 = cpu.getCurrentThreadCpuTime();
      long a0 = allocated(cpu);
      BlockMeta meta;
      try (BlockWriter writer =
          BlockFormats.defaultForWrites()
              .newWriter(
                  store,
                  NewBlock.level0("bench", dir.resolve("work" + round)),
                  BlockConfig.defaults())) {
        for (Map.Entry<TraceId, List<byte[]>> e : payloads.entrySet()) {
          writer.add(trace(e.getKey(), e.getValue()));
        }
        meta = writer.complete();
      }
      long nanos = cpu.getCurrentThreadCpuTime() - t0;
      long bytes = allocated(cpu) - a0;
      System.out.printf(
          "round %d: %.3f CPU-s per 100k spans, %,d B allocated per span (%d spans, data %,d B)%n",
          round,
          nanos / 1e9 * 100_000 / meta.totalSpans(),
          bytes / meta.totalSpans(),
          meta.totalSpans(),
          meta.dataBytes());
    }
  }

  /** Bytes this thread allocated so far (HotSpot's counter), or 0 where it is not available. */
  private static long allocated(ThreadMXBean cpu) {
    return cpu instanceof com.sun.management.ThreadMXBean t
        ? t.getCurrentThreadAllocatedBytes()
        : 0;
  }

  /** A trace from its payloads as the flush path makes it: parsed as is, or combined. */
  private static Trace trace(TraceId id, List<byte[]> payloads) {
    if (payloads.size() == 1) {
      return new Trace(id, parse(payloads.get(0)).getResourceSpansList());
    }
    TraceCombiner combiner = new TraceCombiner(id, Long.MAX_VALUE);
    for (byte[] p : payloads) {
      parse(p).getResourceSpansList().forEach(combiner::add);
    }
    return combiner.result();
  }

  private static TracesData parse(byte[] payload) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(payload);
      in.enableAliasing(true);
      return TracesData.parseFrom(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The workload's requests split per trace: each trace's payloads in arrival order. */
  private static TreeMap<TraceId, List<byte[]>> payloads(int traces) {
    TreeMap<TraceId, List<byte[]>> out = new TreeMap<>();
    Workload w = new Workload(WorkloadConfig.defaults().withTraces(traces));
    while (w.hasNext()) {
      Batch b = w.next();
      Map<TraceId, TracesData.Builder> split = new LinkedHashMap<>();
      for (ResourceSpans rs : b.request().getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          Map<ByteString, List<Span>> byTrace = new LinkedHashMap<>();
          for (Span s : ss.getSpansList()) {
            byTrace.computeIfAbsent(s.getTraceId(), k -> new ArrayList<>()).add(s);
          }
          for (Map.Entry<ByteString, List<Span>> e : byTrace.entrySet()) {
            TracesData.Builder td =
                split.computeIfAbsent(
                    TraceId.fromBytes(e.getKey().toByteArray()), k -> TracesData.newBuilder());
            ResourceSpans.Builder r = lastResource(td, rs);
            r.addScopeSpans(ss.toBuilder().clearSpans().addAllSpans(e.getValue()));
          }
        }
      }
      split.forEach(
          (id, td) ->
              out.computeIfAbsent(id, k -> new ArrayList<>()).add(td.build().toByteArray()));
    }
    return out;
  }

  private static ResourceSpans.Builder lastResource(TracesData.Builder td, ResourceSpans rs) {
    int n = td.getResourceSpansCount();
    if (n > 0
        && td.getResourceSpans(n - 1).getResource().equals(rs.getResource())
        && td.getResourceSpans(n - 1).getSchemaUrl().equals(rs.getSchemaUrl())) {
      return td.getResourceSpansBuilder(n - 1);
    }
    return td.addResourceSpansBuilder()
        .setResource(rs.getResource())
        .setSchemaUrl(rs.getSchemaUrl());
  }
}
