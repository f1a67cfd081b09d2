package dev.skein.bench.compaction;

import dev.skein.bench.cli.Args;
import dev.skein.bench.cli.Machine;
import dev.skein.bench.cli.UsageException;
import dev.skein.bench.dataset.TraceBudget;
import dev.skein.bench.report.Report;
import dev.skein.bench.store.Targets;
import dev.skein.storage.block.BlockMeta;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code compaction-bench}: builds (or reuses) {@code --blocks} input blocks of about {@code
 * --spans-per-block} spans, then merges them with the compactor's {@code BlockMerger} in a forked
 * JVM with {@code -Xmx<--xmx>}, and reports spans/s and MB/s per CPU-second and the peak heap. Runs
 * out of heap are reported as such (the target is that they never happen).
 */
public final class CompactionBenchCommand {

  public static final List<Args.Flag> FLAGS =
      List.of(
          new Args.Flag("data-dir", "/tmp/skein-compaction-bench", "where the inputs are kept"),
          new Args.Flag("blocks", "4", "input blocks"),
          new Args.Flag("spans-per-block", "1000000", "spans per input block (approximately)"),
          new Args.Flag("split-every", "10", "one trace in this many continues in the next block"),
          new Args.Flag("seed", "42", "workload seed"),
          new Args.Flag("xmx", "512m", "heap cap of the forked merging JVM"),
          new Args.Flag(
              "threads",
              Integer.toString(Runtime.getRuntime().availableProcessors()),
              "block writers while building the inputs"),
          new Args.Flag("timeout-minutes", "30", "kill the merging JVM after this long"),
          new Args.Flag("out", "bench/results", "directory of the JSON result"));

  /** Traces of the first input read back to estimate the OTLP size per span. */
  private static final int OTLP_SAMPLE = 10_000;

  private CompactionBenchCommand() {}

  /**
   * Runs the command; returns the process exit code (1 when the merge failed or ran out of heap).
   */
  public static int run(List<String> argv, PrintStream out)
      throws IOException, InterruptedException {
    Args a = Args.parse(FLAGS, argv);
    int blocks = a.integer("blocks");
    long spansPerBlock = a.longValue("spans-per-block");
    if (blocks < 2 || spansPerBlock < 100) {
      throw new UsageException("--blocks must be >= 2 and --spans-per-block >= 100");
    }
    String xmx = a.string("xmx");
    if (!xmx.matches("[0-9]+[kKmMgG]?")) {
      throw new UsageException("--xmx takes a JVM heap size such as 512m or 2g, was '" + xmx + "'");
    }
    long seed = a.longValue("seed");
    CompactionInputs.Spec spec =
        new CompactionInputs.Spec(
            blocks, TraceBudget.tracesFor(spansPerBlock, seed), a.integer("split-every"), seed);
    Path dir = Path.of(a.string("data-dir"));
    Report r = new Report("compaction-bench", Instant.now());
    Machine.report(r);
    long b0 = System.nanoTime();
    List<BlockMeta> inputs = CompactionInputs.open(dir, spec, a.integer("threads"), out);
    long inSpans = inputs.stream().mapToLong(BlockMeta::totalSpans).sum();
    long inBytes = inputs.stream().mapToLong(BlockMeta::dataBytes).sum();
    String s = "inputs";
    r.add(s, "blocks", (long) blocks, "");
    r.add(s, "spans", inSpans, "");
    r.add(s, "traces", inputs.stream().mapToLong(BlockMeta::totalTraces).sum(), "");
    r.add(s, "data bytes (zstd Parquet)", inBytes / 1e6, "MB");
    r.add(s, "open / build time", (System.nanoTime() - b0) / 1e9, "s");
    OtlpSample otlp = OtlpSample.of(CompactionInputs.storeRoot(dir), inputs.get(0), OTLP_SAMPLE);
    double otlpBytes = otlp.bytesPerSpan() * inSpans;
    r.add(
        s,
        "OTLP protobuf size (estimated from " + otlp.traces() + " traces)",
        otlp.bytesPerSpan(),
        "B/span");

    out.printf("merging in a JVM with -Xmx%s ...%n", xmx);
    Map<String, String> child = fork(dir, inputs, xmx, a.integer("timeout-minutes"), out);
    s = "merge (-Xmx" + xmx + ")";
    String outcome = child.getOrDefault("outcome", "crashed");
    r.add(s, "outcome", outcome, "");
    Targets targets = new Targets();
    if (!outcome.equals("ok")) {
      String why =
          outcome.equals("oom")
              ? "OUT OF MEMORY at -Xmx" + xmx + " (" + child.getOrDefault("error", "") + ")"
              : "merging JVM failed: " + child.getOrDefault("error", "see its stderr above");
      r.add(s, "error", why, "");
      r.add(s, "seconds until failure", d(child, "seconds"), "s");
      r.add(s, "peak heap (sampled)", d(child, "peakHeapSampledBytes") / 1e6, "MB");
      targets.failed("compaction of " + blocks + " x " + spansPerBlock + " spans", why);
    } else {
      double seconds = d(child, "seconds");
      double cpu = d(child, "processCpuSeconds");
      r.add(s, "wall time", seconds, "s");
      r.add(s, "process CPU (merge thread + GC + JIT)", cpu, "s");
      r.add(s, "merge thread CPU", d(child, "mergeThreadCpuSeconds"), "s");
      r.add(s, "GC time", d(child, "gcSeconds"), "s");
      r.add(s, "spans per CPU-second", inSpans / cpu, "spans/s");
      r.add(s, "input MB per CPU-second", inBytes / 1e6 / cpu, "MB/s");
      r.add(s, "OTLP-equivalent MB per CPU-second", otlpBytes / 1e6 / cpu, "MB/s");
      r.add(s, "spans per wall second", inSpans / seconds, "spans/s");
      r.add(s, "input MB per wall second", inBytes / 1e6 / seconds, "MB/s");
      r.add(s, "peak heap (sampled used)", d(child, "peakHeapSampledBytes") / 1e6, "MB");
      r.add(s, "peak heap (sum of pool peaks)", d(child, "peakHeapPoolsBytes") / 1e6, "MB");
      r.add(
          s,
          "output spans / traces",
          child.get("outputSpans") + " / " + child.get("outputTraces"),
          "");
      r.add(s, "output data bytes", d(child, "outputDataBytes") / 1e6, "MB");
      r.add(s, "traces combined from several inputs", (long) d(child, "combinedTraces"), "");
      long outTraces = (long) d(child, "outputTraces");
      long copiedTraces = (long) d(child, "copiedTraces");
      r.add(
          s,
          "traces of one input copied / decoded",
          copiedTraces
              + " / "
              + (outTraces - copiedTraces - (long) d(child, "combinedTraces"))
              + String.format(
                  Locale.ROOT, " (%.1f %% copied)", 100.0 * copiedTraces / Math.max(1, outTraces)),
          "");
      r.add(
          s,
          "duplicate / truncated spans",
          child.get("duplicateSpans") + " / " + child.get("truncatedSpans"),
          "");
      if ((long) d(child, "outputSpans") != inSpans) {
        r.add(s, "WARNING", "output span count differs from the inputs'", "");
      }
      // Tempo's guidance (one compactor core per 3-5 MB/s) is about ingested OTLP traffic: 5x
      targets.atLeast(
          "compaction OTLP-equivalent MB per core (5x Tempo's 3-5)",
          otlpBytes / 1e6 / cpu,
          25,
          "MB/s");
      targets.atLeast("compaction input MB per core", inBytes / 1e6 / cpu, 15, "MB/s");
      targets.atMost(
          "compaction peak heap (sampled)", d(child, "peakHeapSampledBytes") / 1e6, 512, "MB");
    }
    out.print(r.markdown());
    targets.print(out);
    Path file = r.writeJson(Path.of(a.string("out")));
    out.println();
    out.println("JSON: " + file);
    return outcome.equals("ok") ? 0 : 1;
  }

  private static Map<String, String> fork(
      Path dir, List<BlockMeta> inputs, String xmx, int timeoutMinutes, PrintStream out)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + xmx);
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CompactionChild.class.getName());
    cmd.add(CompactionInputs.storeRoot(dir).toString());
    cmd.add(dir.resolve("merge-work").toString());
    for (BlockMeta m : inputs) {
      cmd.add(m.blockId().toString());
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] stdout;
    try (var in = p.getInputStream()) {
      stdout = in.readAllBytes();
    }
    if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return Map.of("outcome", "timeout", "error", "no answer within " + timeoutMinutes + " min");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : new String(stdout, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1).strip());
      }
    }
    if (p.exitValue() != 0 && values.getOrDefault("outcome", "").equals("ok")) {
      values.put("outcome", "crashed");
    }
    if (!values.containsKey("outcome")) {
      values.put("outcome", "crashed");
      values.put("error", "exit code " + p.exitValue() + ", no result printed");
    }
    Files.deleteIfExists(dir.resolve("merge-work"));
    return values;
  }

  private static double d(Map<String, String> values, String key) {
    try {
      return Double.parseDouble(values.getOrDefault(key, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
