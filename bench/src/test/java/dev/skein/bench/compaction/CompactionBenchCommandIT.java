package dev.skein.bench.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compaction-bench forks a heap-capped JVM, merges, and reports success or running out of heap. */
class CompactionBenchCommandIT {

  @TempDir Path dir;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  @Test
  void run_smallInputs_mergesEverySpan_inAForkedJvm() throws Exception {
    int code = run("256m", 3_000);

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(text)
        .contains("| merge (-Xmx256m) | outcome | ok |")
        .doesNotContain("WARNING")
        .containsPattern("traces combined from several inputs \\| [1-9]");
  }

  @Test
  void run_heapTooSmall_reportsOutOfMemory() throws Exception {
    int code = run("12m", 20_000); // 12 MB starts the JVM but cannot hold a decoded row group

    assertThat(code).isEqualTo(1);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("OUT OF MEMORY at -Xmx12m")
        .contains("TARGET MISSED");
  }

  private int run(String xmx, int spansPerBlock) throws Exception {
    return CompactionBenchCommand.run(
        List.of(
            "--data-dir", dir.resolve("data").toString(),
            "--blocks", "2",
            "--spans-per-block", Integer.toString(spansPerBlock),
            "--xmx", xmx,
            "--out", dir.resolve("results").toString()),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }
}
