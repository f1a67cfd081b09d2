package dev.skein.bench;

import dev.skein.bench.cli.Args;
import dev.skein.bench.cli.EndToEndCommand;
import dev.skein.bench.cli.GenerateStatsCommand;
import dev.skein.bench.cli.UsageException;
import dev.skein.bench.compaction.CompactionBenchCommand;
import dev.skein.bench.kafka.KafkaScalingCommand;
import dev.skein.bench.store.StoreBenchCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** The {@code skein-bench} command line. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the exit code (2 for a usage error). */
  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      out.print(usage());
      return args.length == 0 ? 2 : 0;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      return switch (args[0]) {
        case "e2e" -> EndToEndCommand.run(rest, out);
        case "generate-stats" -> GenerateStatsCommand.run(rest, out);
        case "kafka-scaling" -> KafkaScalingCommand.run(rest, out);
        case "store-bench" -> StoreBenchCommand.run(rest, out);
        case "compaction-bench" -> CompactionBenchCommand.run(rest, out);
        case "jmh" -> {
          org.openjdk.jmh.Main.main(rest.toArray(String[]::new));
          yield 0;
        }
        default -> throw new UsageException("unknown command '" + args[0] + "'");
      };
    } catch (UsageException e) {
      err.println("skein-bench: " + e.getMessage());
      err.println("run 'skein-bench help' for usage");
      return 2;
    }
  }

  static String usage() {
    return "usage: java -jar bench/target/skein-bench.jar <command> [--flag value]...\n\n"
        + "commands:\n"
        + "  e2e             send a workload to a running Skein on this machine, verify it, query it\n"
        + "  generate-stats  workload statistics, protobuf decode and zstd ceilings (no server)\n"
        + "  kafka-scaling   ingest throughput through Kafka with 1 and 2 ingester processes\n"
        + "  store-bench     trace by id and search over 1,000 blocks / 10M spans, local and S3\n"
        + "  compaction-bench merge 4 blocks of 1M spans in a JVM with -Xmx512m: speed, heap\n"
        + "  jmh [args]      JMH micro-benchmarks (args go to JMH, e.g. 'jmh -l', 'jmh Otlp')\n"
        + "  help            this message\n\n"
        + "e2e flags:\n"
        + Args.usage(EndToEndCommand.FLAGS)
        + "\ngenerate-stats flags:\n"
        + Args.usage(GenerateStatsCommand.FLAGS)
        + "\nkafka-scaling flags:\n"
        + Args.usage(KafkaScalingCommand.FLAGS)
        + "\nstore-bench flags:\n"
        + Args.usage(StoreBenchCommand.FLAGS)
        + "\ncompaction-bench flags:\n"
        + Args.usage(CompactionBenchCommand.FLAGS);
  }
}
