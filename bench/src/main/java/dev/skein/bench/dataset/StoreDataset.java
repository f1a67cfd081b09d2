package dev.skein.bench.dataset;

import dev.skein.bench.workload.GeneratedTrace;
import dev.skein.bench.workload.TraceAssembly;
import dev.skein.bench.workload.TraceGenerator;
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
import dev.skein.storage.tenant.TenantBloomsWriter;
import dev.skein.storage.tenant.TenantIndex;
import dev.skein.storage.tenant.TenantIndexJson;
import dev.skein.testkit.S3TestServer;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dataset of many level-0 blocks for one tenant, kept on disk under a directory so it is built
 * once and reused: blocks are written directly with the block format's {@link BlockWriter}, in
 * parallel, and the tenant index ({@code <tenant>/index.json.gz}) is written last so a querier's
 * block list sees them without listing. The store root lies inside an S3Proxy file-system bucket
 * ({@code <dir>/bucket/<bucket>}), so the same files are served by {@link LocalObjectStore} and,
 * through {@link S3TestServer#startOnDisk}, over the S3 API.
 *
 * <p>Block ids derive from the spec and the block number, and each finished block leaves a small
 * progress file, so an interrupted build resumes where it stopped. A directory built from another
 * spec is refused, never mixed.
 */
public final class StoreDataset {

  private static final String SPEC_FILE = "dataset-spec.txt";

  private final Path dir;
  private final DatasetSpec spec;
  private final List<BlockMeta> blocks;
  private final long otlpBytes;
  private final double buildSeconds;
  private final int builtBlocks;

  private StoreDataset(
      Path dir,
      DatasetSpec spec,
      List<BlockMeta> blocks,
      long otlpBytes,
      double buildSeconds,
      int builtBlocks) {
    this.dir = dir;
    this.spec = spec;
    this.blocks = List.copyOf(blocks);
    this.otlpBytes = otlpBytes;
    this.buildSeconds = buildSeconds;
    this.builtBlocks = builtBlocks;
  }

  /**
   * Opens the dataset under {@code dir}, writing whatever blocks are missing with {@code threads}
   * writers, then (re)writes the tenant index.
   *
   * @throws IllegalStateException when {@code dir} holds a dataset of another spec
   */
  public static StoreDataset open(
      Path dir, DatasetSpec spec, BlockConfig config, int threads, PrintStream log)
      throws IOException {
    Files.createDirectories(dir.resolve("progress"));
    Path specFile = dir.resolve(SPEC_FILE);
    if (Files.exists(specFile)) {
      String existing = Files.readString(specFile, StandardCharsets.UTF_8).strip();
      if (!existing.equals(spec.fingerprint())) {
        throw new IllegalStateException(
            dir
                + " holds another dataset ("
                + existing
                + "); give another --data-dir or delete it to build "
                + spec.fingerprint());
      }
    } else {
      Files.writeString(specFile, spec.fingerprint() + "\n", StandardCharsets.UTF_8);
    }
    Path root = storeRoot(dir);
    Files.createDirectories(root);
    long t0 = System.nanoTime();
    try (ObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(root))) {
      BlockResult[] results = new BlockResult[spec.blocks()];
      List<Integer> missing = new ArrayList<>();
      for (int b = 0; b < spec.blocks(); b++) {
        results[b] = readDone(dir, store, spec, b);
        if (results[b] == null) {
          missing.add(b);
        }
      }
      if (!missing.isEmpty()) {
        log.printf(
            Locale.ROOT,
            "building %d of %d blocks (%d traces each) under %s with %d threads%n",
            missing.size(),
            spec.blocks(),
            spec.tracesPerBlock(),
            root,
            threads);
        build(dir, store, spec, config, threads, missing, results, log);
      }
      List<BlockMeta> metas = new ArrayList<>(spec.blocks());
      long otlp = 0;
      for (BlockResult r : results) {
        metas.add(r.meta());
        otlp += r.otlpBytes();
      }
      // what the compactor writes every cycle: the bloom index (incremental), then the index
      new TenantBloomsWriter(store).write(spec.tenant(), metas);
      store.put(
          TenantIndex.key(spec.tenant()),
          TenantIndexJson.write(new TenantIndex(spec.tenant(), Instant.now(), metas, List.of())));
      return new StoreDataset(
          dir, spec, metas, otlp, (System.nanoTime() - t0) / 1e9, missing.size());
    }
  }

  private record BlockResult(BlockMeta meta, long otlpBytes) {}

  private static void build(
      Path dir,
      ObjectStore store,
      DatasetSpec spec,
      BlockConfig config,
      int threads,
      List<Integer> missing,
      BlockResult[] results,
      PrintStream log) {
    TraceGenerator generator = new TraceGenerator(spec.workload());
    AtomicInteger done = new AtomicInteger();
    long t0 = System.nanoTime();
    Parallel.forEach(
        threads,
        missing,
        b -> {
          results[b] = writeBlock(dir, store, spec, config, generator, b);
          int n = done.incrementAndGet();
          if (n % 50 == 0 || n == missing.size()) {
            double s = (System.nanoTime() - t0) / 1e9;
            log.printf(Locale.ROOT, "  %d / %d blocks in %.0f s%n", n, missing.size(), s);
          }
        },
        "writing the dataset blocks");
  }

  private static BlockResult writeBlock(
      Path dir,
      ObjectStore store,
      DatasetSpec spec,
      BlockConfig config,
      TraceGenerator generator,
      int b)
      throws IOException {
    List<Trace> traces = new ArrayList<>(spec.tracesPerBlock());
    long otlp = 0;
    for (int i = 0; i < spec.tracesPerBlock(); i++) {
      GeneratedTrace g = generator.generate(b * spec.tracesPerBlock() + i);
      Trace t = TraceAssembly.of(g);
      otlp += TraceAssembly.otlpBytes(t);
      traces.add(t);
    }
    traces.sort(Comparator.comparing(Trace::traceId));
    Path work = Files.createTempDirectory(dir, "work-");
    BlockMeta meta;
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(store, new NewBlock(spec.tenant(), blockId(spec, b), 0, 0, work), config)) {
      for (Trace t : traces) {
        w.add(t);
      }
      meta = w.complete();
    } finally {
      Files.deleteIfExists(work);
    }
    Properties p = new Properties();
    p.setProperty("otlpBytes", Long.toString(otlp));
    try (var out = Files.newBufferedWriter(progressFile(dir, b))) {
      p.store(out, "block " + b + " of " + spec.fingerprint());
    }
    return new BlockResult(meta, otlp);
  }

  private static BlockResult readDone(Path dir, ObjectStore store, DatasetSpec spec, int b)
      throws IOException {
    Path progress = progressFile(dir, b);
    if (!Files.exists(progress)) {
      return null;
    }
    String key = spec.tenant() + "/" + blockId(spec, b) + "/" + BlockMeta.META_JSON;
    try {
      BlockMeta meta = BlockMetaJson.read(key, store.get(key));
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(progress)) {
        p.load(in);
      }
      return new BlockResult(meta, Long.parseLong(p.getProperty("otlpBytes")));
    } catch (ObjectNotFoundException e) {
      return null;
    }
  }

  private static Path progressFile(Path dir, int b) {
    return dir.resolve("progress").resolve("block-" + b + ".properties");
  }

  /** The block id of block {@code b}: stable for a spec, so a build can resume. */
  static UUID blockId(DatasetSpec spec, int b) {
    return UUID.nameUUIDFromBytes(
        (spec.fingerprint() + " block=" + b).getBytes(StandardCharsets.UTF_8));
  }

  /** The directory an S3Proxy file-system blob store serves ({@link S3TestServer#startOnDisk}). */
  public static Path bucketParent(Path dir) {
    return dir.resolve("bucket");
  }

  /** The local store root: the S3 test bucket's directory. */
  public static Path storeRoot(Path dir) {
    return bucketParent(dir).resolve(S3TestServer.BUCKET);
  }

  /** The dataset directory. */
  public Path dir() {
    return dir;
  }

  /** The spec it was built from. */
  public DatasetSpec spec() {
    return spec;
  }

  /** Every block's meta, in block order. */
  public List<BlockMeta> blocks() {
    return blocks;
  }

  /** Total spans. */
  public long spans() {
    return blocks.stream().mapToLong(BlockMeta::totalSpans).sum();
  }

  /** Total traces. */
  public long traces() {
    return blocks.stream().mapToLong(BlockMeta::totalTraces).sum();
  }

  /** Total bytes of every block's objects (data, bloom shards, search index). */
  public long storedBytes() {
    return blocks.stream()
        .mapToLong(m -> m.dataBytes() + m.bloomBytes() + m.searchIndexBytes())
        .sum();
  }

  /** The OTLP protobuf size of every span, grouped by resource and scope per trace. */
  public long otlpBytes() {
    return otlpBytes;
  }

  /** Seconds spent opening (and building the missing blocks). */
  public double buildSeconds() {
    return buildSeconds;
  }

  /** How many blocks this open wrote (0 when everything was reused). */
  public int builtBlocks() {
    return builtBlocks;
  }

  /** {@code n} trace ids of the dataset, chosen at random with {@code seed}. */
  public List<TraceId> sampleTraceIds(int n, long seed) {
    TraceGenerator generator = new TraceGenerator(spec.workload());
    SplittableRandom rng = new SplittableRandom(seed);
    int total = spec.blocks() * spec.tracesPerBlock();
    List<TraceId> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(generator.generate(rng.nextInt(total)).traceId());
    }
    return ids;
  }

  @Override
  public String toString() {
    return "StoreDataset{dir=" + dir + ", " + spec.fingerprint() + "}";
  }
}
