package dev.skein.bench.cli;

import dev.skein.bench.report.Report;
import dev.skein.bench.send.Protocol;
import dev.skein.bench.workload.WorkloadConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code generate-stats}: the workload's statistics and ceilings; needs no server. */
public final class GenerateStatsCommand {

  public static final List<Args.Flag> FLAGS;

  static {
    List<Args.Flag> f = new ArrayList<>(WorkloadFlags.FLAGS);
    f.add(new Args.Flag("decode-seconds", "3", "seconds to measure each decode mode"));
    f.add(new Args.Flag("out", "bench/results", "directory of the JSON result"));
    FLAGS = List.copyOf(f);
  }

  private GenerateStatsCommand() {}

  /** Runs the command; returns the process exit code. */
  public static int run(List<String> argv, PrintStream out) throws IOException {
    Args a = Args.parse(FLAGS, argv);
    WorkloadConfig config = WorkloadFlags.config(a, WorkloadConfig.DEFAULT_START_EPOCH_NANOS);
    int decodeSeconds = a.integer("decode-seconds");
    if (decodeSeconds < 1) {
      throw new UsageException("--decode-seconds must be >= 1, was " + decodeSeconds);
    }
    Report r = new Report("generate-stats", Instant.now());
    Machine.report(r);
    PreparedWorkload w = PreparedWorkload.prepare(config, Protocol.GRPC, true);
    w.report(r);
    Ceilings.report(r, w, Duration.ofSeconds(decodeSeconds));
    out.print(r.markdown());
    Path file = r.writeJson(Path.of(a.string("out")));
    out.println();
    out.println("JSON: " + file);
    return 0;
  }
}
