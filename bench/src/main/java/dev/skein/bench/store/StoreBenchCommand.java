package dev.skein.bench.store;

import dev.skein.bench.cli.Args;
import dev.skein.bench.cli.Machine;
import dev.skein.bench.cli.UsageException;
import dev.skein.bench.dataset.DatasetSpec;
import dev.skein.bench.dataset.StoreDataset;
import dev.skein.bench.dataset.TraceBudget;
import dev.skein.bench.report.Report;
import dev.skein.bench.store.StoreQueries.StoreQuery;
import dev.skein.bench.workload.TraceGenerator;
import dev.skein.common.SkeinException;
import dev.skein.querier.QuerierConfig;
import dev.skein.storage.backend.CachingObjectStoreConfig;
import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.backend.S3ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.testkit.S3TestServer;
import dev.skein.trace.TraceId;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code store-bench}: builds (or reuses) a dataset of many blocks for one tenant, then measures
 * trace by id and search through the querier's own classes, wired as the server wires them, on
 * local storage and on an in-process S3Proxy serving the same files over the S3 API.
 */
public final class StoreBenchCommand {

  public static final List<Args.Flag> FLAGS =
      List.of(
          new Args.Flag("data-dir", "/tmp/skein-store-bench", "where the dataset is kept"),
          new Args.Flag("blocks", "1000", "blocks in the dataset"),
          new Args.Flag("spans", "10000000", "spans in the dataset (approximately)"),
          new Args.Flag("hours", "24", "time range the traces are spread over"),
          new Args.Flag("seed", "42", "workload seed"),
          new Args.Flag("tenant", "bench", "the tenant owning the blocks"),
          new Args.Flag(
              "threads",
              Integer.toString(Runtime.getRuntime().availableProcessors()),
              "block writers while building the dataset"),
          new Args.Flag("backends", "local,s3", "where to query: local, s3 or both"),
          new Args.Flag("lookups", "200", "warm trace-by-id lookups measured per backend"),
          new Args.Flag("cold-lookups", "20", "cold trace-by-id lookups per backend"),
          new Args.Flag("search-repeats", "3", "warm runs of each search"),
          new Args.Flag(
              "slow-seconds", "20", "a search whose cold run took longer is not repeated warm"),
          new Args.Flag("scan-blocks", "50", "newest blocks read by the no-match full scan"),
          new Args.Flag(
              "search-hours",
              "1",
              "searches cover the newest this many hours (Grafana's default: 1); 0 for all"),
          new Args.Flag("query-timeout", "60", "querier timeout in seconds (the server's is 30)"),
          new Args.Flag(
              "cache-bytes",
              Long.toString(CachingObjectStoreConfig.DEFAULT_MAX_BYTES),
              "object-store cache budget (the server's default)"),
          new Args.Flag("build-only", "false", "build the dataset and stop"),
          new Args.Flag("out", "bench/results", "directory of the JSON result"));

  private StoreBenchCommand() {}

  /** Runs the command; returns the process exit code. */
  public static int run(List<String> argv, PrintStream out) throws IOException {
    Args a = Args.parse(FLAGS, argv);
    int blocks = positive(a, "blocks");
    long spans = a.longValue("spans");
    if (spans < blocks) {
      throw new UsageException("--spans must be >= --blocks, was " + spans);
    }
    List<String> backends = List.of(a.string("backends").split(","));
    for (String b : backends) {
      if (!b.equals("local") && !b.equals("s3")) {
        throw new UsageException("--backends takes local and/or s3, was '" + b + "'");
      }
    }
    int tracesPerBlock = TraceBudget.tracesFor(spans / blocks, a.longValue("seed"));
    long totalTraces = (long) blocks * tracesPerBlock;
    long interval = Math.max(1, Duration.ofHours(positive(a, "hours")).toNanos() / totalTraces);
    DatasetSpec spec =
        new DatasetSpec(a.string("tenant"), blocks, tracesPerBlock, a.longValue("seed"), interval);
    Path dir = Path.of(a.string("data-dir"));

    Report r = new Report("store-bench", Instant.now());
    Machine.report(r);
    StoreDataset data =
        StoreDataset.open(dir, spec, BlockConfig.defaults(), positive(a, "threads"), out);
    reportDataset(r, data);
    if (a.bool("build-only")) {
      out.print(r.markdown());
      return 0;
    }
    QuerierConfig querier = querierConfig(positive(a, "query-timeout"));
    CachingObjectStoreConfig cache =
        CachingObjectStoreConfig.ofMaxBytes(a.longValue("cache-bytes"));
    List<TraceId> warmUp = warmUpIds(data);
    List<TraceId> ids = data.sampleTraceIds(positive(a, "lookups"), 7);
    List<TraceId> coldIds = data.sampleTraceIds(positive(a, "cold-lookups"), 11);
    Targets targets = new Targets();
    for (String backend : backends) {
      S3TestServer server = null;
      ObjectStore provider;
      if (backend.equals("s3")) {
        server = S3TestServer.startOnDisk(StoreDataset.bucketParent(dir));
        provider = new S3ObjectStore(server.config("").build());
      } else {
        provider = new LocalObjectStore(LocalObjectStoreConfig.of(StoreDataset.storeRoot(dir)));
      }
      Backend where = new Backend(backend, provider, cache, querier);
      try (QueryStack warm = where.fresh()) {
        int listed = warm.blockList().blocks(spec.tenant()).size();
        r.add(backend, "blocks in the querier's block list", (long) listed, "");
        if (listed != blocks) {
          throw new IllegalStateException(
              "the block list shows " + listed + " blocks of " + blocks + " on " + backend);
        }
        out.printf(Locale.ROOT, "%s: trace by id ...%n", backend);
        traceById(r, targets, where, warm, spec, warmUp, ids, coldIds);
        out.printf(Locale.ROOT, "%s: searches ...%n", backend);
        searches(r, targets, where, warm, a, data);
      } finally {
        provider.close();
        if (server != null) {
          server.close();
        }
      }
    }
    out.print(r.markdown());
    targets.print(out);
    Path file = r.writeJson(Path.of(a.string("out")));
    out.println();
    out.println("JSON: " + file);
    return 0;
  }

  private static void traceById(
      Report r,
      Targets targets,
      Backend where,
      QueryStack warm,
      DatasetSpec spec,
      List<TraceId> warmUp,
      List<TraceId> ids,
      List<TraceId> coldIds) {
    String backend = where.name();
    String s = backend + " trace by id";
    TraceByIdBench.Result w = TraceByIdBench.warm(warm, spec.tenant(), warmUp, ids);
    TraceByIdBench.Result c = TraceByIdBench.cold(where::fresh, spec.tenant(), coldIds);
    // a server after its first block-list poll: bloom index loaded, readers and footers cold
    TraceByIdBench.Result p =
        TraceByIdBench.cold(
            () -> {
              QueryStack stack = where.fresh();
              stack.preloadBlooms();
              return stack;
            },
            spec.tenant(),
            coldIds);
    for (var e :
        List.of(
            java.util.Map.entry("warm", w),
            java.util.Map.entry("cold", c),
            java.util.Map.entry("cold, bloom index preloaded", p))) {
      TraceByIdBench.Result x = e.getValue();
      r.latency(s, e.getKey() + " latency", x.latency());
      r.add(s, e.getKey() + " store reads per lookup", x.requestsPerLookup(), "requests");
      r.add(s, e.getKey() + " most store reads of one lookup", x.maxRequests(), "requests");
      r.add(s, e.getKey() + " bytes read per lookup", x.bytesPerLookup() / 1024, "KiB");
      r.add(s, e.getKey() + " not found or partial", (long) x.notFound(), "");
      r.add(s, e.getKey() + " process CPU per lookup", x.cpuMsPerLookup(), "ms");
    }
    r.add(s, "warm cache hits / misses", warm.cache().hits() + " / " + warm.cache().misses(), "");
    targets.atMost(backend + " trace by id warm p99", w.latency().p99(), 50, "ms");
    targets.atMost(backend + " trace by id cold p99", c.latency().p99(), 200, "ms");
  }

  private static void searches(
      Report r, Targets targets, Backend where, QueryStack warm, Args a, StoreDataset data) {
    String backend = where.name();
    DatasetSpec spec = data.spec();
    long end = Math.ceilDiv(spec.endNanos(), 1_000_000_000L) + 3600; // late spans, long traces
    int repeats = a.integer("search-repeats");
    double slow = a.decimal("slow-seconds");
    for (StoreQuery q : StoreQueries.all(a.integer("scan-blocks"))) {
      String s = backend + " search " + q.name();
      long start = windowStart(spec, q.lastBlocks(), a.integer("search-hours"));
      SearchBench.Result res;
      try {
        res = SearchBench.run(q, start, end, spec.tenant(), where::fresh, warm, repeats, slow);
      } catch (SkeinException e) {
        r.add(s, "failed", e.getMessage(), "");
        targets.failed(backend + " " + q.name(), "failed: " + e.getMessage());
        continue;
      }
      var m = res.response().getMetrics();
      r.add(s, "window", Instant.ofEpochSecond(start) + " .. " + Instant.ofEpochSecond(end), "");
      r.add(s, "cold", res.coldMs(), "ms");
      if (res.warm() != null) {
        r.latency(s, "warm", res.warm());
      } else {
        r.add(s, "warm", "not repeated (cold run over --slow-seconds)", "");
      }
      r.add(s, "traces found", (long) res.response().getTracesCount(), "");
      r.add(s, "blocks read / in window", m.getCompletedJobs() + " / " + m.getTotalJobs(), "");
      r.add(
          s,
          "inspected traces / spans",
          m.getInspectedTraces() + " / " + m.getInspectedSpans(),
          "");
      r.add(s, "inspected span data (OTLP protobuf)", m.getInspectedBytes() / 1e6, "MB");
      r.add(
          s,
          "store reads cold",
          res.coldReads().requests() + " requests, " + mb(res.coldReads().bytes()) + " MB",
          "");
      if (res.warm() != null) {
        r.add(
            s,
            "store reads warm (per run)",
            res.warmReads().requests() + " requests, " + mb(res.warmReads().bytes()) + " MB",
            "");
      }
      r.add(s, "process CPU per run", res.cpuSeconds(), "s");
      r.add(s, "inspected span data per CPU-second", res.spanDataGbPerCpuSecond(), "GB/s");
      // With condition pushdown a scan tests the columns of every span of the blocks it reads but
      // assembles (and counts as inspected) only the traces that may match, so the span data a
      // query scanned is estimated from the blocks it read: blocks read x the dataset's mean
      // OTLP bytes per block (the dataset's blocks hold nearly equal numbers of traces).
      double scannedBytes = (double) m.getCompletedJobs() * data.otlpBytes() / spec.blocks();
      double scannedGbPerCpuSecond =
          res.cpuSeconds() > 0 ? scannedBytes / res.cpuSeconds() / 1e9 : 0;
      r.add(s, "span data of the blocks read (estimate)", scannedBytes / 1e6, "MB");
      r.add(s, "span data of the blocks read per CPU-second", scannedGbPerCpuSecond, "GB/s");
      if (q.kind().equals("index")) {
        targets.atMost(backend + " search p50, " + q.name(), res.p50Ms(), 300, "ms");
      }
      if (q.lastBlocks() > 0) {
        targets.atLeast(
            backend + " full-scan span data per core, " + q.name(),
            scannedGbPerCpuSecond,
            1,
            "GB/s");
      }
    }
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.2f", bytes / 1e6);
  }

  /**
   * The window start: covering the newest {@code lastBlocks} blocks when given, else the newest
   * {@code hours} of the dataset (all of it when 0).
   */
  private static long windowStart(DatasetSpec spec, int lastBlocks, int hours) {
    long nanos;
    if (lastBlocks > 0) {
      int skip = Math.max(0, spec.blocks() - lastBlocks);
      nanos = spec.startNanos() + (long) skip * spec.tracesPerBlock() * spec.intervalNanos();
    } else if (hours > 0) {
      nanos = Math.max(spec.startNanos(), spec.endNanos() - Duration.ofHours(hours).toNanos());
    } else {
      nanos = spec.startNanos();
    }
    return Math.floorDiv(nanos, 1_000_000_000L);
  }

  private static void reportDataset(Report r, StoreDataset data) {
    String s = "dataset";
    DatasetSpec spec = data.spec();
    r.add(s, "directory", data.dir().toString(), "");
    r.add(s, "blocks", (long) spec.blocks(), "");
    r.add(s, "traces", data.traces(), "");
    r.add(s, "spans", data.spans(), "");
    r.add(
        s,
        "time range",
        Instant.ofEpochSecond(0, spec.startNanos())
            + " .. "
            + Instant.ofEpochSecond(0, spec.endNanos()),
        "");
    r.add(s, "stored (data + bloom + index)", data.storedBytes() / 1e6, "MB");
    r.add(s, "stored per span", (double) data.storedBytes() / data.spans(), "B");
    r.add(s, "OTLP protobuf per span", (double) data.otlpBytes() / data.spans(), "B");
    r.add(s, "blocks written by this run", (long) data.builtBlocks(), "");
    r.add(s, "open / build time", data.buildSeconds(), "s");
  }

  /** One trace of every block, so a warm stack has each block's bloom shard and footer. */
  private static List<TraceId> warmUpIds(StoreDataset data) {
    DatasetSpec spec = data.spec();
    TraceGenerator g = new TraceGenerator(spec.workload());
    List<TraceId> ids = new ArrayList<>(spec.blocks());
    for (int b = 0; b < spec.blocks(); b++) {
      ids.add(g.generate(b * spec.tracesPerBlock() + spec.tracesPerBlock() - 1).traceId());
    }
    return ids;
  }

  private static QuerierConfig querierConfig(int timeoutSeconds) {
    QuerierConfig d = QuerierConfig.defaults();
    return new QuerierConfig(
        d.maxTraceBytes(),
        d.defaultSearchLimit(),
        d.maxSearchLimit(),
        d.defaultSpansPerSpanSet(),
        d.maxSpansPerSpanSet(),
        d.maxSearchDuration(),
        d.queryConcurrency(),
        Duration.ofSeconds(timeoutSeconds));
  }

  private static int positive(Args a, String name) {
    int v = a.integer(name);
    if (v < 1) {
      throw new UsageException("--" + name + " must be >= 1, was " + v);
    }
    return v;
  }
}
