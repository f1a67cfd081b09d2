package dev.skein.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void run_help_printsEveryCommand() throws Exception {
    assertThat(run("help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("e2e")
        .contains("generate-stats")
        .contains("--endpoint-grpc")
        .contains("--protocol");
  }

  @Test
  void run_unknownCommand_usageError() throws Exception {
    assertThat(run("bogus")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'bogus'");
  }

  @Test
  void run_badFlag_usageErrorBeforeAnyWork() throws Exception {
    assertThat(run("e2e", "--protocol", "udp")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--protocol must be grpc, http-proto or http-json, was 'udp'");
  }

  @Test
  void run_remoteTarget_refused() throws Exception {
    assertThat(run("e2e", "--query", "http://192.0.2.1:3200")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("must be a loopback address");
  }

  private int run(String... args) throws Exception {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }
}
