package dev.skein.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void markdownAndJson_holdTheSameNumbers() {
    LatencyRecorder l = new LatencyRecorder();
    l.record(2_000_000);
    Report r =
        new Report("e2e", Instant.parse("2026-01-01T00:00:00Z"))
            .add("ingest", "acknowledged spans/s", 123456.0, "spans/s")
            .add("workload", "note", "a \"quoted\" | piped", "")
            .latency("queries", "trace by id", l.summary());
    assertThat(r.markdown())
        .startsWith("| Section | Metric | Value |\n|---|---|---|\n")
        .contains("| ingest | acknowledged spans/s | 123,456 spans/s |")
        .contains("a \"quoted\" \\| piped")
        .contains("p50 2.00 / p90 2.00 / p99 2.00 / max 2.00 ms (n=1)");
    assertThat(r.json())
        .contains("\"acknowledged spans/s\": 123456.0")
        .contains("\"note\": \"a \\\"quoted\\\" | piped\"")
        .contains("\"p99Ms\": 2.0")
        .contains("\"started\": \"2026-01-01T00:00:00Z\"");
  }
}
