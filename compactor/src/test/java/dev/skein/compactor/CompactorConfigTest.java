package dev.skein.compactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactorConfigTest {

  @Test
  void defaults_asTempo() {
    CompactorConfig c = CompactorConfig.defaults();
    assertThat(c.compactionWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(c.blockRetention()).isEqualTo(Duration.ofDays(14));
    assertThat(c.compactedBlockRetention()).isEqualTo(Duration.ofHours(1));
    assertThat(c.blockRetention("anyone")).isEqualTo(Duration.ofDays(14));
  }

  @Test
  void constructor_invalidValues_listsEveryProblem() {
    CompactorConfig d = CompactorConfig.defaults();
    assertThatThrownBy(
            () ->
                new CompactorConfig(
                    Duration.ZERO,
                    1,
                    1,
                    0,
                    -1,
                    d.blockRetention(),
                    Map.of("t", Duration.ofSeconds(-1)),
                    d.compactedBlockRetention(),
                    d.cyclePeriod(),
                    d.blocklistPoll(),
                    d.leaseDuration(),
                    d.workDir()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("skein.compactor.compaction-window must be > 0")
        .hasMessageContaining("skein.compactor.min-input-blocks must be >= 2, was 1")
        .hasMessageContaining("skein.compactor.max-block-bytes must be > 0, was 0")
        .hasMessageContaining("skein.compactor.max-trace-bytes must be > 0, was -1")
        .hasMessageContaining("tenant-block-retention.t");
  }

  @Test
  void blockRetention_tenantOverride_wins() {
    CompactorConfig d = CompactorConfig.defaults();
    CompactorConfig c =
        new CompactorConfig(
            d.compactionWindow(),
            d.maxInputBlocks(),
            d.minInputBlocks(),
            d.maxBlockBytes(),
            d.maxTraceBytes(),
            d.blockRetention(),
            Map.of("short", Duration.ofDays(1)),
            d.compactedBlockRetention(),
            d.cyclePeriod(),
            d.blocklistPoll(),
            d.leaseDuration(),
            d.workDir());
    assertThat(c.blockRetention("short")).isEqualTo(Duration.ofDays(1));
    assertThat(c.blockRetention("other")).isEqualTo(Duration.ofDays(14));
  }
}
