package dev.skein.bench.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompactionRunTest {

  @Test
  void parse_serverAnswer_everyCount() {
    CompactionRun run =
        CompactionRun.parse(
            bytes(
                "{\"tenants\":1,\"jobs\":2,\"blocksIn\":9,\"blocksOut\":2,\"spansIn\":112423,"
                    + "\"spansOut\":112400,\"duplicateSpans\":23,\"failedTenants\":0,"
                    + "\"durationMillis\":4512,\"future\":{\"nested\":[1,2]}}"));

    assertThat(run).isEqualTo(new CompactionRun(2, 9, 2, 112423, 112400, 23, 4512));
  }

  @Test
  void parse_missingCount_namesIt() {
    assertThatThrownBy(() -> CompactionRun.parse(bytes("{\"jobs\":1}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'blocksIn'");
  }

  @Test
  void parse_notJson_rejected() {
    assertThatThrownBy(() -> CompactionRun.parse(bytes("<html>busy</html>")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> CompactionRun.parse(bytes("[1]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a JSON object");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
