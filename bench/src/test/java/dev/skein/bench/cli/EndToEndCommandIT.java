package dev.skein.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the {@code e2e} command, with a tiny workload, against {@link FakeSkein} on loopback: proves
 * the tool end to end (send, retry, verify, query, report) before the real server exists. Not a
 * benchmark: 60 traces, no ceilings.
 */
class EndToEndCommandIT {

  @TempDir Path results;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"grpc", "http-proto", "http-json"})
  void run_faithfulServer_everyTraceVerified(String protocol) throws Exception {
    try (FakeSkein server = new FakeSkein(false)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      int exit =
          EndToEndCommand.run(
              args(server, protocol), new PrintStream(out, true, StandardCharsets.UTF_8));

      String report = out.toString(StandardCharsets.UTF_8);
      System.out.println(report);
      assertThat(report)
          .contains("| verify (live) | traces checked / exact | 60 / 60 |")
          .contains("| verify (after flush) | missing / duplicate / extra spans | 0 / 0 / 0 |")
          .contains("| verify (after compaction) | blocks in / out | 2 / 1 |")
          .contains("| verify (after compaction) | traces checked / exact | 60 / 60 |")
          .contains("| ingest | traces fully acknowledged | 60 |")
          .contains("TraceQL retry storm");
      assertThat(exit).as(report).isZero();
      assertThat(server.compactions()).isEqualTo(1);
      assertThat(report)
          .as("every 7th request is refused and retried")
          .contains("| ingest | retryable refusals | 2 |");
      try (var files = Files.list(results)) {
        Path json = files.findFirst().orElseThrow();
        assertThat(json.getFileName().toString()).startsWith("e2e-").endsWith(".json");
        assertThat(Files.readString(json)).contains("\"traces checked / exact\": \"60 / 60\"");
      }
    }
  }

  @Test
  void run_serverLosesASpan_reportsItAndExitsNonZero() throws Exception {
    try (FakeSkein server = new FakeSkein(true)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      int exit =
          EndToEndCommand.run(
              args(server, "grpc"), new PrintStream(out, true, StandardCharsets.UTF_8));

      assertThat(exit).isEqualTo(1);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("| verify (live) | missing / duplicate / extra spans | 1 / 0 / 0 |");
    }
  }

  @Test
  void run_compactionDuplicatesASpan_reportsItAndExitsNonZero() throws Exception {
    try (FakeSkein server = new FakeSkein(false).duplicateOnCompaction()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      int exit =
          EndToEndCommand.run(
              args(server, "grpc"), new PrintStream(out, true, StandardCharsets.UTF_8));

      String report = out.toString(StandardCharsets.UTF_8);
      assertThat(exit).as(report).isEqualTo(1);
      assertThat(report)
          .contains("| verify (after flush) | missing / duplicate / extra spans | 0 / 0 / 0 |")
          .contains(
              "| verify (after compaction) | missing / duplicate / extra spans | 0 / 1 / 0 |");
    }
  }

  @Test
  void run_probeIntervalNotPositive_usageErrorBeforeAnyRequest() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThatThrownBy(
            () -> EndToEndCommand.run(List.of("--probe-interval-ms", "0", "--traces", "1"), out))
        .isInstanceOf(UsageException.class)
        .hasMessage("--probe-interval-ms must be >= 1, was 0");
  }

  private List<String> args(FakeSkein server, String protocol) {
    List<String> a = new ArrayList<>();
    a.addAll(List.of("--protocol", protocol));
    a.addAll(List.of("--endpoint-grpc", "127.0.0.1:" + server.grpcPort()));
    a.addAll(List.of("--endpoint-http", "http://127.0.0.1:" + server.httpPort()));
    a.addAll(List.of("--query", "http://127.0.0.1:" + server.httpPort()));
    a.addAll(List.of("--traces", "60", "--batch-spans", "100", "--late-after-traces", "10"));
    a.addAll(List.of("--trace-queries", "10", "--search-repeats", "1", "--decode-seconds", "0"));
    a.addAll(List.of("--concurrency", "4", "--pid", "" + ProcessHandle.current().pid()));
    a.addAll(List.of("--out", results.toString()));
    return a;
  }
}
