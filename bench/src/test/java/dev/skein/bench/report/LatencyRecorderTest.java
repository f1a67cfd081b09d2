package dev.skein.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

  @Test
  void percentile_nearestRank() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertThat(LatencyRecorder.Summary.percentile(sorted, 50)).isEqualTo(50);
    assertThat(LatencyRecorder.Summary.percentile(sorted, 90)).isEqualTo(90);
    assertThat(LatencyRecorder.Summary.percentile(sorted, 99)).isEqualTo(99);
    assertThat(LatencyRecorder.Summary.percentile(sorted, 99.5)).isEqualTo(100);
    assertThat(LatencyRecorder.Summary.percentile(sorted, 100)).isEqualTo(100);
  }

  @Test
  void percentile_fewSamples_roundsUp() {
    long[] sorted = {10, 20, 30};
    assertThat(LatencyRecorder.Summary.percentile(sorted, 50)).isEqualTo(20);
    assertThat(LatencyRecorder.Summary.percentile(sorted, 1)).isEqualTo(10);
    assertThat(LatencyRecorder.Summary.percentile(sorted, 99)).isEqualTo(30);
    assertThat(LatencyRecorder.Summary.percentile(new long[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void percentile_invalid_throws() {
    assertThatThrownBy(() -> LatencyRecorder.Summary.percentile(new long[0], 50))
        .hasMessage("no samples");
    assertThatThrownBy(() -> LatencyRecorder.Summary.percentile(new long[] {1}, 0))
        .hasMessage("percentile must be in (0, 100], was 0.0");
  }

  @Test
  void summary_unsortedInput_inMilliseconds() {
    LatencyRecorder r = new LatencyRecorder();
    for (long v : new long[] {5_000_000, 1_000_000, 3_000_000, 2_000_000, 4_000_000}) {
      r.record(v);
    }
    LatencyRecorder.Summary s = r.summary();
    assertThat(s.count()).isEqualTo(5);
    assertThat(s.p50()).isEqualTo(3.0);
    assertThat(s.p90()).isEqualTo(5.0);
    assertThat(s.max()).isEqualTo(5.0);
    assertThat(s.mean()).isEqualTo(3.0);
  }

  @Test
  void summary_empty_isZero() {
    assertThat(new LatencyRecorder().summary().count()).isZero();
  }

  @Test
  void record_growsPastInitialCapacity() {
    LatencyRecorder r = new LatencyRecorder();
    for (int i = 0; i < 5000; i++) {
      r.record(i);
    }
    assertThat(r.count()).isEqualTo(5000);
    assertThat(r.summary().max()).isEqualTo(4999 / 1e6);
  }
}
