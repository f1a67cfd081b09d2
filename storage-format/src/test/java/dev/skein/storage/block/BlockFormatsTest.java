package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.storage.block.vsk1.Vsk1Format;
import org.junit.jupiter.api.Test;

class BlockFormatsTest {

  @Test
  void forVersion_vsk1_isVsk1Format() {
    assertThat(BlockFormats.forVersion("vsk1")).isSameAs(Vsk1Format.INSTANCE);
    assertThat(BlockFormats.forVersion("vsk1").version()).isEqualTo("vsk1");
  }

  @Test
  void forVersion_unknown_throwsListingKnownVersions() {
    assertThatThrownBy(() -> BlockFormats.forVersion("vParquet4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vParquet4")
        .hasMessageContaining("vsk1");
  }

  @Test
  void defaultForWrites_isWritableAndRegistered() {
    BlockFormat f = BlockFormats.defaultForWrites();
    assertThat(f.writable()).isTrue();
    assertThat(BlockFormats.all()).contains(f);
    assertThat(BlockFormats.all()).extracting(BlockFormat::version).doesNotHaveDuplicates();
  }
}
