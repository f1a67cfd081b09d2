package dev.skein.bench;

import com.github.luben.zstd.ZstdOutputStream;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormat;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.block.vsk1.Vsk1Format;
import dev.skein.storage.index.TagScope;
import dev.skein.storage.index.TagValue;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.roaringbitmap.RoaringBitmap;

/**
 * Block format benchmark: write throughput, bytes per span against OTLP protobuf and zstd-3 OTLP,
 * trace-by-id requests, bytes and latency, and an index-driven scan, on the ShopTraces workload.
 * Prints numbers; never runs as a test. Usage (see docs/performance.md):
 *
 * <pre>
 * java -cp ... dev.skein.bench.BlockFormatBench [traces=50000] [dir] [rowGroupMiB=8] [pageRowLimit]
 * [maxIndexedValuesPerKey] [pageKiB] [zstdLevel] [rowGroupRows]</pre>
 */
public final class BlockFormatBench {

  private BlockFormatBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws IOException {
    int traces = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("skein-bench");
    long rowGroupBytes =
        args.length > 2 ? Long.parseLong(args[2]) << 20 : BlockConfig.DEFAULT_ROW_GROUP_BYTES;
    BlockFormat format = BlockFormats.defaultForWrites();
    BlockConfig d = BlockConfig.defaults();
    BlockConfig config =
        new BlockConfig(
            rowGroupBytes,
            args.length > 5 ? Integer.parseInt(args[5]) << 10 : d.pageBytes(),
            args.length > 3 ? Integer.parseInt(args[3]) : d.pageRowLimit(),
            d.bloomFalsePositiveRate(),
            d.bloomShardBytes(),
            args.length > 4 ? Integer.parseInt(args[4]) : d.maxIndexedValuesPerKey(),
            args.length > 6 ? Integer.parseInt(args[6]) : d.zstdLevel(),
            args.length > 7 ? Integer.parseInt(args[7]) : d.rowGroupRows());
    System.out.println("config: " + config);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    DirObjectStore store = new DirObjectStore(dir.resolve("store"));

    // trace ids sorted up front, traces generated on the fly: memory stays flat
    Random random = new Random(42);
    TraceId[] ids = new TraceId[traces];
    for (int i = 0; i < traces; i++) {
      ids[i] = new TraceId(random.nextLong(), random.nextLong());
    }
    Arrays.sort(ids);
    ShopTraces shop = new ShopTraces(42);
    CountingStream zstdOut = new CountingStream();
    // -Dskein.bench.shapes=true: also print what a span-shape table would cost (ShapeEstimate)
    ShapeEstimate shapes =
        Boolean.getBoolean("skein.bench.shapes") ? new ShapeEstimate(config.rowGroupRows()) : null;
    long otlpBytes = 0;
    long spans = 0;
    long writeNanos = 0;
    BlockMeta meta;
    try (ZstdOutputStream zstd = new ZstdOutputStream(zstdOut, 3);
        BlockWriter writer =
            format.newWriter(store, NewBlock.level0("bench", dir.resolve("work")), config)) {
      for (TraceId id : ids) {
        Trace t = shop.next(id);
        byte[] otlp =
            TracesData.newBuilder().addAllResourceSpans(t.resourceSpans()).build().toByteArray();
        otlpBytes += otlp.length;
        zstd.write(otlp);
        spans += t.spanCount();
        if (shapes != null) {
          shapes.add(t);
        }
        long t0 = cpu.getCurrentThreadCpuTime();
        writer.add(t);
        writeNanos += cpu.getCurrentThreadCpuTime() - t0;
      }
      long t0 = cpu.getCurrentThreadCpuTime();
      meta = writer.complete();
      writeNanos += cpu.getCurrentThreadCpuTime() - t0;
    }
    long blockBytes = meta.dataBytes() + meta.bloomBytes() + meta.searchIndexBytes();
    System.out.printf(
        "workload: %d traces, %d spans (%.1f spans/trace)%n",
        traces, spans, (double) spans / traces);
    System.out.printf(
        "write: %.2f s CPU, %,.0f spans per CPU-second (single-threaded writer, incl. JIT warm-up)%n",
        writeNanos / 1e9, spans / (writeNanos / 1e9));
    System.out.printf(
        "bytes/span: OTLP protobuf %.1f, zstd-3 OTLP %.1f, block %.1f (data %.1f, bloom %.2f, search.idx %.2f); block/zstd-3 = %.2f%n",
        (double) otlpBytes / spans,
        (double) zstdOut.count.get() / spans,
        (double) blockBytes / spans,
        (double) meta.dataBytes() / spans,
        (double) meta.bloomBytes() / spans,
        (double) meta.searchIndexBytes() / spans,
        (double) blockBytes / zstdOut.count.get());
    System.out.printf(
        "block: %d row groups, %d bloom shards, data.parquet %,d bytes, footer+page index %,d bytes%n",
        meta.rowGroups(), meta.bloomShards(), meta.dataBytes(), meta.footerBytes());
    ParquetMetadata footer =
        columnSizes(dir.resolve("store").resolve(meta.key("data.parquet")), spans);
    String shapeTable = footer.getFileMetaData().getKeyValueMetaData().get("skein.shapes");
    System.out.printf(
        "span-shape table (footer metadata skein.shapes): %,d bytes (%.3f B/span)%n",
        shapeTable == null ? 0 : shapeTable.length(),
        shapeTable == null ? 0.0 : (double) shapeTable.length() / spans);
    if (shapes != null) {
      shapes.print(footer, spans);
    }
    for (long gap : new long[] {Vsk1Format.DEFAULT_READ_GAP_BYTES}) {
      System.out.printf("read gap %d KiB:%n", gap >> 10);
      lookups(new Vsk1Format(Clock.systemUTC(), gap), store, meta, ids);
    }
    scan(format, store, meta);
  }

  private static void lookups(
      BlockFormat format, DirObjectStore store, BlockMeta meta, TraceId[] ids) {
    Random random = new Random(7);
    try (BlockReader reader = format.openReader(store, meta)) {
      // warm: footer + every bloom shard
      for (int i = 0; i < 500; i++) {
        reader.findTrace(ids[random.nextInt(ids.length)]);
      }
      int n = 1_000;
      long[] lat = new long[n];
      long[] cpuLat = new long[n];
      ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      long reads = 0;
      long maxReads = 0;
      long bytes = 0;
      for (int i = 0; i < n; i++) {
        TraceId id = ids[random.nextInt(ids.length)];
        long r0 = store.reads.get();
        long b0 = store.bytes.get();
        long t0 = System.nanoTime();
        long c0 = cpu.getCurrentThreadCpuTime();
        if (reader.findTrace(id).isEmpty()) {
          throw new IllegalStateException("missing " + id);
        }
        cpuLat[i] = cpu.getCurrentThreadCpuTime() - c0;
        lat[i] = System.nanoTime() - t0;
        long r = store.reads.get() - r0;
        reads += r;
        maxReads = Math.max(maxReads, r);
        bytes += store.bytes.get() - b0;
      }
      Arrays.sort(lat);
      Arrays.sort(cpuLat);
      System.out.printf(
          "trace-by-id hit (warm, local files): %.2f reads avg, %d max, %,d bytes avg; latency p50 %.2f ms, p99 %.2f ms; CPU p50 %.2f ms, p99 %.2f ms%n",
          (double) reads / n,
          maxReads,
          bytes / n,
          lat[n / 2] / 1e6,
          lat[n * 99 / 100] / 1e6,
          cpuLat[n / 2] / 1e6,
          cpuLat[n * 99 / 100] / 1e6);
      long r0 = store.reads.get();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        reader.findTrace(new TraceId(random.nextLong(), random.nextLong()));
      }
      System.out.printf(
          "trace-by-id miss: %.3f reads avg, %.3f ms avg%n",
          (double) (store.reads.get() - r0) / n, (System.nanoTime() - t0) / 1e6 / n);
    }
  }

  private static void scan(BlockFormat format, DirObjectStore store, BlockMeta meta) {
    try (BlockReader reader = format.openReader(store, meta)) {
      long r0 = store.reads.get();
      long b0 = store.bytes.get();
      long t0 = System.nanoTime();
      RoaringBitmap rows =
          reader
              .searchIndex()
              .rows(TagScope.INTRINSIC, "status", TagValue.string("error"))
              .orElseThrow();
      AtomicLong seen = new AtomicLong();
      reader.scan(
          List.of("trace_id", "span_id", "duration_nano"), rows, r -> seen.incrementAndGet());
      System.out.printf(
          "index + scan {status=error} -> %d spans: %d reads, %,d bytes, %.1f ms (cold reader)%n",
          seen.get(),
          store.reads.get() - r0,
          store.bytes.get() - b0,
          (System.nanoTime() - t0) / 1e6);
      r0 = store.reads.get();
      b0 = store.bytes.get();
      t0 = System.nanoTime();
      AtomicLong hits = new AtomicLong();
      reader.scan(
          List.of("kind", "span_http_route"),
          null,
          r -> {
            // server spans (kind 2) with an HTTP route
            if (Integer.valueOf(2).equals(r.get("kind")) && r.get("span_http_route") != null) {
              hits.incrementAndGet();
            }
          });
      System.out.printf(
          "full scan of 2 dedicated columns -> %d matches: %d reads, %,d bytes, %.1f ms%n",
          hits.get(),
          store.reads.get() - r0,
          store.bytes.get() - b0,
          (System.nanoTime() - t0) / 1e6);
    }
  }

  /** Compressed bytes per column group, from the footer: where the bytes of a block go. */
  private static ParquetMetadata columnSizes(Path data, long spans) throws IOException {
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    LocalInputFile in = new LocalInputFile(data);
    ParquetMetadata footer;
    try (var stream = in.newStream()) {
      footer = ParquetFileReader.readFooter(in, options, stream);
    }
    Map<String, Long> groups = new TreeMap<>();
    for (BlockMetaData b : footer.getBlocks()) {
      for (ColumnChunkMetaData c : b.getColumns()) {
        String[] path = c.getPath().toArray();
        groups.merge(path[0], c.getTotalSize(), Long::sum);
        if (path[0].equals("attrs")) {
          groups.merge(c.getPath().toDotString(), c.getTotalSize(), Long::sum);
        }
      }
    }
    long repeated = 0;
    StringBuilder line = new StringBuilder("bytes/span by column:");
    for (Map.Entry<String, Long> e : groups.entrySet()) {
      double perSpan = (double) e.getValue() / spans;
      if (perSpan >= 0.05) {
        line.append(String.format(" %s=%.2f", e.getKey(), perSpan));
      }
      String k = e.getKey();
      if (k.startsWith("trace_")
          || k.startsWith("resource_")
          || k.startsWith("res_")
          || k.startsWith("scope_")
          || k.equals("presence")) {
        repeated += e.getValue();
      }
    }
    System.out.println(line);
    Map<String, Long> leaves = new TreeMap<>();
    for (BlockMetaData b : footer.getBlocks()) {
      for (ColumnChunkMetaData c : b.getColumns()) {
        leaves.merge(c.getPath().toDotString(), c.getTotalSize(), Long::sum);
      }
    }
    StringBuilder leafLine = new StringBuilder("bytes/span by leaf column, largest first:");
    leaves.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                leafLine.append(
                    String.format("%n  %-40s %6.2f", e.getKey(), (double) e.getValue() / spans)));
    System.out.println(leafLine);
    System.out.printf(
        "per-trace/per-resource values repeated on every span row: %.2f bytes/span in total%n",
        (double) repeated / spans);
    return footer;
  }

  private static final class CountingStream extends OutputStream {
    final AtomicLong count = new AtomicLong();

    @Override
    public void write(int b) {
      count.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count.addAndGet(len);
    }
  }
}
