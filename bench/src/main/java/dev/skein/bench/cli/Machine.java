package dev.skein.bench.cli;

import dev.skein.bench.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Describes the machine a run happened on, for the report. */
public final class Machine {

  private Machine() {}

  /** Adds the machine section (cores, CPU, JVM, OS, heap) to {@code r}. */
  public static void report(Report r) {
    String s = "machine";
    r.add(s, "cores", (long) Runtime.getRuntime().availableProcessors(), "");
    r.add(s, "cpu", cpuModel(), "");
    r.add(s, "jvm", System.getProperty("java.vm.name") + " " + Runtime.version(), "");
    r.add(s, "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"), "");
    r.add(s, "loader max heap", Runtime.getRuntime().maxMemory() >> 20, "MiB");
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e.getClass().getSimpleName() + ")";
    }
    return "unknown";
  }
}
