package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.CorruptBlockException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OwnedFilesTest {

  @Test
  void frameThenUnframe_givesBody() {
    byte[] framed = OwnedFiles.frame("bloom", 1, new byte[] {1, 2, 3});
    ByteBuffer body = OwnedFiles.unframe("k", "bloom", 1, framed);
    assertThat(body.remaining()).isEqualTo(3);
    assertThat(body.get(0)).isEqualTo((byte) 1);
  }

  @Test
  void unframe_everyFlippedByte_throwsWithOffset() {
    byte[] framed = OwnedFiles.frame("search.idx", 2, new byte[] {9, 8, 7, 6});
    for (int i = 0; i < framed.length; i++) {
      byte[] bad = framed.clone();
      bad[i] ^= 1;
      assertThatThrownBy(() -> OwnedFiles.unframe("t/b/search.idx", "search.idx", 2, bad))
          .isInstanceOf(CorruptBlockException.class)
          .hasMessageStartingWith("t/b/search.idx at offset ");
    }
  }

  @Test
  void unframe_truncatedOrWrongNameOrVersion_throws() {
    byte[] framed = OwnedFiles.frame("bloom", 1, new byte[] {1});
    for (int n = 0; n < framed.length; n++) {
      byte[] cut = Arrays.copyOf(framed, n);
      assertThatThrownBy(() -> OwnedFiles.unframe("k", "bloom", 1, cut))
          .isInstanceOf(CorruptBlockException.class);
    }
    assertThatThrownBy(() -> OwnedFiles.unframe("k", "bloom", 2, framed))
        .hasMessageContaining("version");
    assertThatThrownBy(() -> OwnedFiles.unframe("k", "blood", 1, framed))
        .hasMessageContaining("name");
  }
}
