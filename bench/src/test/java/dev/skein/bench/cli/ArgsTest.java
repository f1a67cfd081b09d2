package dev.skein.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgsTest {

  private static final List<Args.Flag> FLAGS =
      List.of(
          new Args.Flag("traces", "100", "traces"),
          new Args.Flag("rate", "0", "rate"),
          new Args.Flag("tenant", null, "tenant"),
          new Args.Flag("verify", "true", "verify"));

  @Test
  void parse_noArgs_defaults() {
    Args a = Args.parse(FLAGS, List.of());
    assertThat(a.integer("traces")).isEqualTo(100);
    assertThat(a.decimal("rate")).isZero();
    assertThat(a.optional("tenant")).isNull();
    assertThat(a.bool("verify")).isTrue();
  }

  @Test
  void parse_spaceAndEqualsForms() {
    Args a = Args.parse(FLAGS, List.of("--traces", "1_000", "--rate=2500.5", "--tenant", "acme"));
    assertThat(a.integer("traces")).isEqualTo(1000);
    assertThat(a.decimal("rate")).isEqualTo(2500.5);
    assertThat(a.string("tenant")).isEqualTo("acme");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown flag     | --nope 1              | unknown flag --nope",
        "missing value    | --traces              | --traces needs a value",
        "value is a flag  | --traces --rate 1     | --traces needs a value",
        "given twice      | --rate 1 --rate 2     | --rate given twice",
        "stray argument   | extra                 | unexpected argument 'extra': flags look like --name value",
      })
  void parse_bad_throwsNamingTheFlag(String name, String argv, String message) {
    assertThatThrownBy(() -> Args.parse(FLAGS, List.of(argv.split(" "))))
        .isInstanceOf(UsageException.class)
        .hasMessage(message);
  }

  @Test
  void accessors_badValues_throwNamingTheFlag() {
    Args a = Args.parse(FLAGS, List.of("--traces", "ten", "--rate", "fast", "--verify", "yes"));
    assertThatThrownBy(() -> a.integer("traces"))
        .hasMessage("--traces must be an integer, was 'ten'");
    assertThatThrownBy(() -> a.decimal("rate")).hasMessage("--rate must be a number, was 'fast'");
    assertThatThrownBy(() -> a.bool("verify"))
        .hasMessage("--verify must be true or false, was 'yes'");
    assertThatThrownBy(() -> a.string("tenant")).hasMessage("--tenant is required");
  }

  @Test
  void usage_listsFlagsWithDefaults() {
    assertThat(Args.usage(FLAGS))
        .contains("--traces")
        .contains("(default 100)")
        .contains("--tenant");
  }

  @Test
  void workloadFlags_invalidRatio_isUsageError() {
    Args a = Args.parse(WorkloadFlags.FLAGS, List.of("--error-ratio", "2"));
    assertThatThrownBy(() -> WorkloadFlags.config(a, 0))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("errorRatio must be in [0, 1], was 2.0");
  }

  @Test
  void requireLoopback_remoteHost_refused() {
    EndToEndCommand.requireLoopback("--query", "127.0.0.1");
    EndToEndCommand.requireLoopback("--query", "localhost");
    assertThatThrownBy(() -> EndToEndCommand.requireLoopback("--query", "10.1.2.3"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--query must be a loopback address (127.0.0.1, localhost), was 10.1.2.3");
  }
}
