package dev.skein.bench.compaction;

import dev.skein.bench.dataset.Parallel;
import dev.skein.bench.workload.GeneratedTrace;
import dev.skein.bench.workload.GeneratedTrace.GeneratedSpan;
import dev.skein.bench.workload.TraceAssembly;
import dev.skein.bench.workload.TraceGenerator;
import dev.skein.bench.workload.WorkloadConfig;
import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockMetaJson;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.trace.TraceId;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The input blocks of the compaction benchmark, kept under a directory and reused: {@code blocks}
 * level-0 blocks of {@code tracesPerBlock} consecutive shop-workload traces each. One trace in
 * {@code splitEvery} of every block but the last has the second half of its spans in the next
 * block, as when a trace straddles an ingester flush, so the merge combines split traces too.
 * Written in trace-id order without holding a block's traces in memory (ids first, then each trace
 * is regenerated), in parallel.
 */
public final class CompactionInputs {

  /** The tenant of the inputs. */
  public static final String TENANT = "compaction-bench";

  /**
   * What to build.
   *
   * @param blocks input blocks
   * @param tracesPerBlock traces started in each block
   * @param splitEvery one trace in this many continues in the next block
   * @param seed workload seed
   */
  public record Spec(int blocks, int tracesPerBlock, int splitEvery, long seed) {
    String fingerprint() {
      return "blocks="
          + blocks
          + " tracesPerBlock="
          + tracesPerBlock
          + " splitEvery="
          + splitEvery
          + " seed="
          + seed;
    }

    UUID blockId(int b) {
      return UUID.nameUUIDFromBytes(
          (fingerprint() + " block=" + b).getBytes(StandardCharsets.UTF_8));
    }
  }

  private record Part(TraceId id, int index, boolean firstHalf, boolean secondHalf) {}

  private CompactionInputs() {}

  /** The local store root under {@code dir}. */
  public static Path storeRoot(Path dir) {
    return dir.resolve("store");
  }

  /** Opens the inputs under {@code dir}, writing the blocks that are missing. */
  public static List<BlockMeta> open(Path dir, Spec spec, int threads, PrintStream log)
      throws IOException {
    Files.createDirectories(storeRoot(dir));
    TraceGenerator generator =
        new TraceGenerator(
            WorkloadConfig.defaults()
                .withTraces(spec.blocks() * spec.tracesPerBlock())
                .withSeed(spec.seed()));
    BlockMeta[] metas = new BlockMeta[spec.blocks()];
    try (ObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(storeRoot(dir)))) {
      List<Integer> missing = new ArrayList<>();
      for (int b = 0; b < spec.blocks(); b++) {
        String key = TENANT + "/" + spec.blockId(b) + "/" + BlockMeta.META_JSON;
        try {
          metas[b] = BlockMetaJson.read(key, store.get(key));
        } catch (ObjectNotFoundException e) {
          missing.add(b);
        }
      }
      if (!missing.isEmpty()) {
        log.printf(
            Locale.ROOT,
            "writing %d input blocks of %d traces under %s ...%n",
            missing.size(),
            spec.tracesPerBlock(),
            storeRoot(dir));
        long t0 = System.nanoTime();
        Parallel.forEach(
            threads,
            missing,
            b -> metas[b] = write(dir, store, spec, generator, b),
            "writing the input blocks");
        log.printf(Locale.ROOT, "  done in %.0f s%n", (System.nanoTime() - t0) / 1e9);
      }
    }
    return List.of(metas);
  }

  private static BlockMeta write(
      Path dir, ObjectStore store, Spec spec, TraceGenerator generator, int b) throws IOException {
    List<Part> parts = new ArrayList<>();
    int first = b * spec.tracesPerBlock();
    boolean last = b == spec.blocks() - 1;
    for (int i = first; i < first + spec.tracesPerBlock(); i++) {
      boolean split = !last && i % spec.splitEvery() == 0;
      parts.add(new Part(generator.generate(i).traceId(), i, split, false));
    }
    if (b > 0) {
      int prev = first - spec.tracesPerBlock();
      for (int i = prev; i < first; i++) {
        if (i % spec.splitEvery() == 0) {
          parts.add(new Part(generator.generate(i).traceId(), i, false, true));
        }
      }
    }
    parts.sort(Comparator.comparing(Part::id));
    Path work = Files.createTempDirectory(dir, "work-");
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(
                store, new NewBlock(TENANT, spec.blockId(b), 0, 0, work), BlockConfig.defaults())) {
      for (Part p : parts) {
        GeneratedTrace t = generator.generate(p.index());
        List<GeneratedSpan> spans = t.spans();
        int half = spans.size() / 2;
        if (p.firstHalf()) {
          spans = spans.subList(0, half);
        } else if (p.secondHalf()) {
          spans = spans.subList(half, spans.size());
        }
        w.add(TraceAssembly.of(t, spans));
      }
      return w.complete();
    } finally {
      Files.deleteIfExists(work);
    }
  }
}
