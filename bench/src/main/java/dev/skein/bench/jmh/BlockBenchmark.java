package dev.skein.bench.jmh;

import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.index.SearchIndex;
import dev.skein.storage.index.TagScope;
import dev.skein.storage.index.TagValue;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
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
import org.roaringbitmap.RoaringBitmap;

/**
 * The block hot paths on one in-memory block of 2,000 shop traces (about 40k spans): trace by id
 * (hit: bloom, row group, pages; miss: stops at the bloom filter), the search index's bitmap
 * intersection, and writing a block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class BlockBenchmark {

  static final int TRACES = 2_000;

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private List<Trace> traces = List.of();
  private BlockReader reader;
  private SearchIndex index;
  private Path work = Path.of(".");
  private final SplittableRandom random = new SplittableRandom(7);

  @Setup(Level.Trial)
  public void setup() throws IOException {
    work = Files.createTempDirectory("skein-block-bench");
    traces =
        new ShopTraces(42)
            .traces(TRACES).stream().sorted(Comparator.comparing(Trace::traceId)).toList();
    BlockMeta meta = write("bench");
    reader = BlockFormats.forVersion(meta.format()).openReader(store, meta);
    index = reader.searchIndex();
    reader.findTrace(traces.get(0).traceId()); // warm bloom shard and footer caches
  }

  private BlockMeta write(String tenant) {
    try (BlockWriter writer =
        BlockFormats.defaultForWrites()
            .newWriter(store, NewBlock.level0(tenant, work), BlockConfig.defaults())) {
      traces.forEach(writer::add);
      return writer.complete();
    }
  }

  /** Trace by id of a trace the block holds. */
  @Benchmark
  public Optional<Trace> findTraceHit() {
    return reader.findTrace(traces.get(random.nextInt(TRACES)).traceId());
  }

  /** Trace by id of a trace it does not hold: answered by the bloom filter. */
  @Benchmark
  public Optional<Trace> findTraceMissBloom() {
    return reader.findTrace(new TraceId(random.nextLong(), random.nextLong()));
  }

  /** The candidate rows of {@code service = X && status = error}: one bitmap AND. */
  @Benchmark
  public RoaringBitmap indexIntersection() {
    List<String> services =
        index.tagValues(TagScope.RESOURCE, "service.name").stream().map(TagValue::value).toList();
    String service = services.get(random.nextInt(services.size()));
    RoaringBitmap a =
        index.rows(TagScope.RESOURCE, "service.name", TagValue.string(service)).orElseThrow();
    RoaringBitmap b =
        index
            .rows(TagScope.INTRINSIC, "status", TagValue.string("error"))
            .orElseGet(RoaringBitmap::new);
    return RoaringBitmap.and(a, b);
  }

  /** Writing (and uploading to memory) a whole block of {@value #TRACES} traces. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public BlockMeta writeBlock() {
    return write("write-" + random.nextInt());
  }
}
