package dev.skein.bench;

import dev.skein.compactor.BlockMerger;
import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.TraceId;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Compaction benchmark: writes {@code blocks} level-0 blocks of about {@code spansPerBlock} spans
 * each (ShopTraces, ~20 spans per trace; 10% of each block's trace ids also appear, with other
 * spans, in the next block, as traces split across ingester flushes), then merges them with the
 * compactor's {@link BlockMerger} on one thread and prints spans/s, MB/s (input data bytes) and the
 * peak heap during the merge. Run it with a capped heap (-Xmx512m) to show memory stays bounded.
 *
 * <pre>
 * java -Xmx512m -cp ... dev.skein.bench.CompactorBench [spansPerBlock=100000] [blocks=4]
 *     [rowGroupBytes=33554432]
 * </pre>
 */
public final class CompactorBench {

  private CompactorBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws IOException {
    int spansPerBlock = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    BlockConfig config =
        args.length > 2
            ? BlockConfig.defaults().withRowGroupBytes(Long.parseLong(args[2]))
            : BlockConfig.defaults();
    Path dir = Files.createTempDirectory("skein-compactor-bench");
    ObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(dir.resolve("store")));
    int tracesPerBlock = spansPerBlock / 20;
    Random random = new Random(42);
    ShopTraces shop = new ShopTraces(42);
    TraceId[] previous = new TraceId[0];
    List<BlockMeta> inputs = new ArrayList<>();
    long writeStart = System.nanoTime();
    for (int b = 0; b < blocks; b++) {
      TraceId[] ids = new TraceId[tracesPerBlock];
      for (int i = 0; i < tracesPerBlock; i++) {
        ids[i] =
            i < previous.length / 10
                ? previous[i * 10]
                : new TraceId(random.nextLong(), random.nextLong());
      }
      Arrays.sort(ids);
      Path work = Files.createDirectories(dir.resolve("w" + b));
      try (BlockWriter w =
          BlockFormats.defaultForWrites()
              .newWriter(store, NewBlock.level0("bench", work), config)) {
        for (TraceId id : ids) {
          w.add(shop.next(id));
        }
        inputs.add(w.complete());
      }
      previous = ids;
    }
    long inSpans = inputs.stream().mapToLong(BlockMeta::totalSpans).sum();
    long inBytes = inputs.stream().mapToLong(BlockMeta::dataBytes).sum();
    System.out.printf(
        "wrote %d blocks, %d spans, %.1f MB data in %.1f s%n",
        blocks, inSpans, inBytes / 1e6, (System.nanoTime() - writeStart) / 1e9);

    System.gc();
    List<MemoryPoolMXBean> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    BlockMerger merger = new BlockMerger(store, config, 50L << 20);
    Path out = Files.createDirectories(dir.resolve("out"));
    long t0 = System.nanoTime();
    BlockMerger.Result result =
        merger.merge(inputs, new NewBlock("bench", UUID.randomUUID(), 1, 1, out));
    double seconds = (System.nanoTime() - t0) / 1e9;
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.out.printf(
        "merged %d spans (%d traces combined, %d duplicate spans) into %d spans, %.1f MB,"
            + " in %.1f s: %.0f spans/s, %.1f MB/s input, peak heap %.0f MB (max %d MB)%n",
        inSpans,
        result.combinedTraces(),
        result.duplicateSpans(),
        result.output().totalSpans(),
        result.output().dataBytes() / 1e6,
        seconds,
        inSpans / seconds,
        inBytes / 1e6 / seconds,
        peak / 1e6,
        Runtime.getRuntime().maxMemory() >> 20);
  }
}
