package dev.skein.bench.jmh;

import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.block.TraceIterator;
import dev.skein.storage.block.TraceProjection;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.view.OtlpTraceView;
import dev.skein.trace.view.TraceMatcher;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.eval.Evaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where a full search of one block goes: decoding every trace of the block, building the TraceQL
 * views, and evaluating a query; and the whole search with and without column projection. One
 * operation is the whole block of 2,000 traces (~41k spans, ~21 MB as OTLP protobuf).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class BlockScanBenchmark {

  private BlockReader reader;
  private List<Trace> decoded = List.of();
  private TraceMatcher matcher;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    InMemoryObjectStore store = new InMemoryObjectStore();
    List<Trace> traces =
        new ShopTraces(42)
            .traces(2_000).stream().sorted(Comparator.comparing(Trace::traceId)).toList();
    BlockMeta meta;
    try (BlockWriter writer =
        BlockFormats.defaultForWrites()
            .newWriter(
                store,
                NewBlock.level0("bench", Files.createTempDirectory("skein-scan-bench")),
                BlockConfig.defaults())) {
      traces.forEach(writer::add);
      meta = writer.complete();
    }
    reader = BlockFormats.forVersion(meta.format()).openReader(store, meta);
    decoded = decodeAll();
    matcher =
        new TraceMatcher(Evaluator.of(TraceQL.parse("{ status = error && duration > 10ms }")), 3);
  }

  /** Decoding every trace of the block from Parquet into OTLP objects. */
  @Benchmark
  public List<Trace> decodeAll() {
    List<Trace> out = new ArrayList<>();
    try (TraceIterator it = reader.iterateTraces()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  /**
   * A block search as the querier runs it for {@code { status = error && duration > 10ms }}:
   * streaming only the columns the query and its results need (no attributes, events or links),
   * then views and evaluation.
   */
  @Benchmark
  public int searchProjected() {
    return search(new TraceProjection(Set.of()));
  }

  /** The same search over whole traces (every column decoded): the path before pushdown. */
  @Benchmark
  public int searchWholeTraces() {
    return search(TraceProjection.ALL);
  }

  private int search(TraceProjection projection) {
    int matches = 0;
    try (TraceIterator it = reader.iterateTraces(projection, null)) {
      while (it.hasNext()) {
        if (matcher.match(new OtlpTraceView(it.next())).isPresent()) {
          matches++;
        }
      }
    }
    return matches;
  }

  /** Building the TraceQL views (nested sets, hex ids) of already decoded traces. */
  @Benchmark
  public int buildViews() {
    int spans = 0;
    for (Trace t : decoded) {
      spans += new OtlpTraceView(t).spans().size();
    }
    return spans;
  }

  /** Views plus evaluating a query on each trace of the block. */
  @Benchmark
  public int viewsAndEvaluate() {
    int matches = 0;
    for (Trace t : decoded) {
      if (matcher.match(new OtlpTraceView(t)).isPresent()) {
        matches++;
      }
    }
    return matches;
  }
}
