package dev.skein.bench;

import dev.skein.querier.blocks.BlockReaders;
import dev.skein.querier.blocks.BlockSearchSource;
import dev.skein.querier.search.SearchEngine;
import dev.skein.querier.search.SearchJob;
import dev.skein.querier.search.SearchPlan;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.block.TraceIterator;
import dev.skein.storage.block.TraceProjection;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.view.OtlpTraceView;
import dev.skein.trace.view.TraceMatcher;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.eval.Evaluator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Read-path CPU cost on one in-memory block of ShopTraces (the BlockScanBenchmark block): a full
 * decode of every trace, a block search with and without column projection, the querier's block
 * search for the issue #7 queries with condition pushdown off and on, and trace-by-id hits.
 * Measures the CPU time of the measuring thread (median of repeated runs after warm-up), which is
 * far less sensitive to other load on a shared machine than JMH's wall-clock times. Prints numbers;
 * never runs as a test. Usage:
 *
 * <pre>java -cp bench/target/skein-bench.jar dev.skein.bench.ReadPathBench [traces=2000] [runs=7]
 * </pre>
 */
public final class ReadPathBench {

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private ReadPathBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws IOException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    InMemoryObjectStore store = new InMemoryObjectStore();
    List<Trace> traces =
        new ShopTraces(42)
            .traces(count).stream().sorted(Comparator.comparing(Trace::traceId)).toList();
    long spans = traces.stream().mapToLong(Trace::spanCount).sum();
    long otlpBytes =
        traces.stream()
            .flatMap(t -> t.resourceSpans().stream())
            .mapToLong(rs -> rs.getSerializedSize())
            .sum();
    BlockMeta meta;
    try (BlockWriter writer =
        BlockFormats.defaultForWrites()
            .newWriter(
                store,
                NewBlock.level0("bench", Files.createTempDirectory("skein-readpath")),
                BlockConfig.defaults())) {
      traces.forEach(writer::add);
      meta = writer.complete();
    }
    BlockReader reader = BlockFormats.forVersion(meta.format()).openReader(store, meta);
    TraceMatcher matcher =
        new TraceMatcher(Evaluator.of(TraceQL.parse("{ status = error && duration > 10ms }")), 3);
    System.out.printf(
        "block: %d traces, %d spans, %.1f MB as OTLP protobuf, %.1f MB data.parquet, %d row groups%n",
        count, spans, otlpBytes / 1e6, meta.dataBytes() / 1e6, meta.rowGroups());

    report(
        "decode all traces (every column)",
        runs,
        otlpBytes,
        () -> decode(reader, TraceProjection.ALL));
    report(
        "search, whole traces",
        runs,
        otlpBytes,
        () -> search(reader, TraceProjection.ALL, matcher));
    report(
        "search, projected columns",
        runs,
        otlpBytes,
        () -> search(reader, new TraceProjection(Set.of()), matcher));

    // the querier's per-block search (index pruning, pushdown, projection, evaluation), with the
    // column pushdown of issue #7 off and on
    PolledBlockList blocks = new PolledBlockList(store);
    blocks.refresh();
    BlockReaders readers = new BlockReaders(store, 10);
    for (String q : PUSHDOWN_QUERIES) {
      SearchPlan plan =
          SearchPlan.of(SearchEngine.parse(q), new TimeWindow(1, 0), false, 1_000_000, 3);
      for (boolean pushdown : new boolean[] {false, true}) {
        BlockSearchSource source = new BlockSearchSource(blocks, readers, pushdown);
        report(
            (pushdown ? "pushdown on:  " : "pushdown off: ") + q,
            runs,
            otlpBytes,
            () -> run(source.jobs("bench", plan)));
      }
    }

    Random random = new Random(1);
    int lookups = 200;
    long[] cpu = new long[lookups];
    for (int i = 0; i < lookups * 2; i++) { // first half warms up
      Trace t = traces.get(random.nextInt(traces.size()));
      long c0 = CPU.getCurrentThreadCpuTime();
      if (reader.findTrace(t.traceId()).isEmpty()) {
        throw new IllegalStateException("trace not found: " + t.traceId());
      }
      if (i >= lookups) {
        cpu[i - lookups] = CPU.getCurrentThreadCpuTime() - c0;
      }
    }
    Arrays.sort(cpu);
    System.out.printf(
        "trace by id hit: CPU p50 %.2f ms, p90 %.2f ms, p99 %.2f ms (n=%d)%n",
        cpu[lookups / 2] / 1e6,
        cpu[lookups * 9 / 10] / 1e6,
        cpu[lookups * 99 / 100] / 1e6,
        lookups);
  }

  /**
   * The #7 queries (service and url adapted to the shop workload), plus attributes that the block
   * stores in a string slot ({@code user_agent.original}), a hex slot ({@code session.id}) and an
   * int slot ({@code db.response.returned_rows}).
   */
  private static final List<String> PUSHDOWN_QUERIES =
      List.of(
          "{ span.url.path =~ \".*/no-such-path/.*\" }",
          "{ span.url.full =~ \".*/no-such-path/.*\" }",
          "{ status = error }",
          "{ resource.service.name = \"checkout\" && duration > 100ms }",
          "{ status = error && duration > 10ms }",
          "{ span.user_agent.original =~ \".*no-such-bot.*\" }",
          "{ span.session.id = \"0123456789abcdef\" }",
          "{ span.db.response.returned_rows > 1000 }");

  private static long run(List<SearchJob> jobs) {
    long n = 0;
    try {
      for (SearchJob job : jobs) {
        n += job.run().traces().size();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return n;
  }

  private static long decode(BlockReader reader, TraceProjection projection) {
    long n = 0;
    try (TraceIterator it = reader.iterateTraces(projection, null)) {
      while (it.hasNext()) {
        n += it.next().spanCount();
      }
    }
    return n;
  }

  private static long search(BlockReader reader, TraceProjection projection, TraceMatcher m) {
    long n = 0;
    try (TraceIterator it = reader.iterateTraces(projection, null)) {
      while (it.hasNext()) {
        if (m.match(new OtlpTraceView(it.next())).isPresent()) {
          n++;
        }
      }
    }
    return n;
  }

  private static void report(String what, int runs, long otlpBytes, LongSupplier op) {
    op.getAsLong(); // warm-up
    op.getAsLong();
    long[] cpu = new long[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = CPU.getCurrentThreadCpuTime();
      op.getAsLong();
      cpu[i] = CPU.getCurrentThreadCpuTime() - c0;
    }
    Arrays.sort(cpu);
    double ms = cpu[runs / 2] / 1e6;
    System.out.printf(
        "%-72s CPU median %8.1f ms (min %.1f, max %.1f) = %.0f MB/s of OTLP span data per core%n",
        what + ":", ms, cpu[0] / 1e6, cpu[runs - 1] / 1e6, otlpBytes / 1e6 / (ms / 1e3));
  }
}
