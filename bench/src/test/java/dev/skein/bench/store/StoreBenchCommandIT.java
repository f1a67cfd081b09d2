package dev.skein.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny store-bench run on both backends: the wiring finds every trace and answers searches. */
class StoreBenchCommandIT {

  @TempDir Path dir;

  @Test
  void run_tinyDataset_everyLookupFound_onLocalAndS3() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    int code =
        StoreBenchCommand.run(
            List.of(
                "--data-dir", dir.resolve("data").toString(),
                "--blocks", "4",
                "--spans", "400",
                "--hours", "1",
                "--lookups", "5",
                "--cold-lookups", "2",
                "--search-repeats", "1",
                "--scan-blocks", "2",
                "--out", dir.resolve("results").toString()),
            out);

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    for (String backend : List.of("local", "s3")) {
      assertThat(text)
          .contains("| " + backend + " | blocks in the querier's block list | 4 |")
          .contains("| " + backend + " trace by id | warm not found or partial | 0 |")
          .contains("| " + backend + " trace by id | cold not found or partial | 0 |")
          .contains("| " + backend + " search TraceQL status = error: { status = error } | warm |");
    }
    assertThat(text).doesNotContain("| failed |").contains("TARGET ");
    try (var files = Files.list(dir.resolve("results"))) {
      assertThat(files.toList()).singleElement().asString().contains("store-bench-");
    }
  }
}
