package dev.skein.bench.jmh;

import dev.skein.bench.ceiling.DecodeCeiling;
import dev.skein.bench.workload.Batch;
import dev.skein.bench.workload.Workload;
import dev.skein.bench.workload.WorkloadConfig;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first thing every OTLP request costs: parsing it, and grouping its spans by trace id. One
 * operation is one span (requests of exactly {@value #SPANS} spans), so scores read as spans/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
public class OtlpDecodeBenchmark {
  static final int SPANS = 512;

  private byte[][] payloads = new byte[0][];
  private int next;

  @Setup
  public void setup() {
    List<byte[]> out = new ArrayList<>();
    Workload w = new Workload(WorkloadConfig.defaults().withTraces(2000).withSpansPerBatch(SPANS));
    while (w.hasNext()) {
      Batch b = w.next();
      if (b.spanCount() == SPANS) {
        out.add(b.request().toByteArray());
      }
    }
    payloads = out.toArray(byte[][]::new);
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public ExportTraceServiceRequest parse() throws Exception {
    return ExportTraceServiceRequest.parseFrom(nextPayload());
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public Map<TraceId, List<Span>> parseAndSplitByTraceId() throws Exception {
    return DecodeCeiling.splitByTrace(ExportTraceServiceRequest.parseFrom(nextPayload()));
  }

  private byte[] nextPayload() {
    byte[] p = payloads[next];
    next = next + 1 == payloads.length ? 0 : next + 1;
    return p;
  }
}
