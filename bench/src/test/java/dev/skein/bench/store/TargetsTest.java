package dev.skein.bench.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TargetsTest {

  @Test
  void print_oneVerdictLinePerTarget() {
    Targets t = new Targets();
    t.atMost("p99", 42, 50, "ms");
    t.atMost("cold p99", 250, 200, "ms");
    t.atLeast("scan", 0.5, 1, "GB/s");
    t.failed("merge", "OUT OF MEMORY");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    t.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("TARGET")))
        .containsExactly(
            "TARGET MET    p99 (target <= 50.00 ms): 42.00 ms",
            "TARGET MISSED cold p99 (target <= 200 ms): 250 ms",
            "TARGET MISSED scan (target >= 1.00 GB/s): 0.50 GB/s",
            "TARGET MISSED merge: OUT OF MEMORY");
  }
}
