package dev.skein.bench.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpanDiffTest {

  @Test
  void of_sameIdsAnyOrder_exact() {
    assertThat(SpanDiff.of(new long[] {1, 2, 3}, new long[] {3, 1, 2}).exact()).isTrue();
  }

  @Test
  void of_countsMissingDuplicateAndExtra() {
    SpanDiff d = SpanDiff.of(new long[] {1, 2, 3, 4}, new long[] {1, 1, 1, 2, 9});
    assertThat(d).isEqualTo(new SpanDiff(2, 2, 1));
    assertThat(d.exact()).isFalse();
  }

  @Test
  void of_nothingRetrieved_allMissing() {
    assertThat(SpanDiff.of(new long[] {5, 6}, new long[0])).isEqualTo(new SpanDiff(2, 0, 0));
  }
}
