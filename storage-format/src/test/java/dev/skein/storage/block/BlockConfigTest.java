package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BlockConfigTest {

  @Test
  void defaults_areValid() {
    assertThat(BlockConfig.defaults().bloomFalsePositiveRate()).isEqualTo(0.01);
    assertThat(BlockConfig.defaults().withRowGroupBytes(1 << 20).rowGroupBytes())
        .isEqualTo(1 << 20);
    assertThat(BlockConfig.defaults().withRowGroupRows(1000).rowGroupRows()).isEqualTo(1000);
  }

  @Test
  void invalidValue_throwsNamingProperty() {
    assertThatThrownBy(() -> new BlockConfig(1, 4096, 10, 0.01, 1024, 10, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("skein.block.row-group-bytes must be >= 65536, was 1");
    assertThatThrownBy(() -> new BlockConfig(1 << 20, 4096, 10, 1.5, 1024, 10, 3))
        .hasMessageContaining("bloom-false-positive-rate");
    assertThatThrownBy(() -> BlockConfig.defaults().withRowGroupRows(0))
        .hasMessage("skein.block.row-group-rows must be >= 1, was 0");
  }
}
