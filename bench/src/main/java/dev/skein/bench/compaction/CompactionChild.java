package dev.skein.bench.compaction;

import dev.skein.compactor.BlockMerger;
import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockMetaJson;
import dev.skein.storage.block.NewBlock;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measured part of {@code compaction-bench}, run in a JVM of its own so its heap cap is the one
 * being proven: merges the input blocks with the compactor's {@link BlockMerger} on one thread,
 * deletes the output again, and prints {@code key=value} lines for the parent. An {@link
 * OutOfMemoryError} is reported as {@code outcome=oom} with exit code 3.
 *
 * <pre>
 * java -Xmx512m -cp skein-bench.jar dev.skein.bench.compaction.CompactionChild \
 *     &lt;storeRoot&gt; &lt;workDir&gt; &lt;blockId&gt;...
 * </pre>
 */
public final class CompactionChild {

  /** Exit code when the merge ran out of heap. */
  public static final int EXIT_OOM = 3;

  private CompactionChild() {}

  public static void main(String[] args) throws Exception {
    try {
      merge(args);
    } catch (OutOfMemoryError e) {
      System.out.println("outcome=oom");
      System.out.println("error=" + e.getMessage() + " (before the merge started)");
      System.out.flush();
      System.exit(EXIT_OOM);
    }
  }

  private static void merge(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path work = Path.of(args[1]);
    List<MemoryPoolMXBean> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    AtomicLong sampledPeak = new AtomicLong();
    Thread sampler = Thread.ofPlatform().daemon().start(() -> sample(sampledPeak, work));
    try (ObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(root))) {
      List<BlockMeta> inputs = new ArrayList<>();
      for (int i = 2; i < args.length; i++) {
        String key = CompactionInputs.TENANT + "/" + args[i] + "/" + BlockMeta.META_JSON;
        inputs.add(BlockMetaJson.read(key, store.get(key)));
      }
      System.gc();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      sampledPeak.set(0);
      long gc0 = gcMillis();
      long cpu0 = processCpu();
      long thread0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Files.createDirectories(work);
      NewBlock out = new NewBlock(CompactionInputs.TENANT, UUID.randomUUID(), 1, 1, work);
      String outcome = "ok";
      BlockMerger.Result result = null;
      String error = "";
      try {
        result = new BlockMerger(store, BlockConfig.defaults(), 50L << 20).merge(inputs, out);
      } catch (OutOfMemoryError e) {
        outcome = "oom";
        error = String.valueOf(e.getMessage());
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long cpu = processCpu() - cpu0;
      long threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - thread0;
      long gc = gcMillis() - gc0;
      long poolPeak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      System.out.println("outcome=" + outcome);
      System.out.println("error=" + error.replace('\n', ' '));
      System.out.println("maxHeapBytes=" + Runtime.getRuntime().maxMemory());
      System.out.println("seconds=" + seconds);
      System.out.println("processCpuSeconds=" + cpu / 1e9);
      System.out.println("mergeThreadCpuSeconds=" + threadCpu / 1e9);
      System.out.println("gcSeconds=" + gc / 1e3);
      System.out.println("peakHeapPoolsBytes=" + poolPeak);
      System.out.println("peakHeapSampledBytes=" + sampledPeak.get());
      if (result != null) {
        BlockMeta o = result.output();
        System.out.println("outputSpans=" + o.totalSpans());
        System.out.println("outputTraces=" + o.totalTraces());
        System.out.println("outputDataBytes=" + o.dataBytes());
        System.out.println("combinedTraces=" + result.combinedTraces());
        System.out.println("copiedTraces=" + result.copiedTraces());
        System.out.println("duplicateSpans=" + result.duplicateSpans());
        System.out.println("truncatedSpans=" + result.truncatedSpans());
        for (String key : store.list(o.prefix())) {
          store.delete(key); // the inputs stay for the next run; the output goes
        }
      }
      sampler.interrupt();
      System.out.flush();
      System.exit(result == null ? EXIT_OOM : 0);
    }
  }

  /**
   * Samples used heap every 20 ms (the pools' peaks only show it at GCs) and every 30 s logs the
   * output's local data file size, the heap and CPU so far to stderr, so a long merge shows
   * progress.
   */
  private static void sample(AtomicLong peak, Path work) {
    Runtime rt = Runtime.getRuntime();
    long start = System.nanoTime();
    long nextLog = start + 30_000_000_000L;
    while (!Thread.currentThread().isInterrupted()) {
      peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
      if (System.nanoTime() > nextLog) {
        nextLog += 30_000_000_000L;
        System.err.printf(
            java.util.Locale.ROOT,
            "merge: %.0f s, output data so far %.1f MB, heap used %.0f MB (peak %.0f MB),"
                + " process CPU %.1f s%n",
            (System.nanoTime() - start) / 1e9,
            localBytes(work) / 1e6,
            (rt.totalMemory() - rt.freeMemory()) / 1e6,
            peak.get() / 1e6,
            processCpu() / 1e9);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static long localBytes(Path dir) {
    try (var files = Files.list(dir)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long gcMillis() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionTime());
    }
    return n;
  }

  private static long processCpu() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }
}
