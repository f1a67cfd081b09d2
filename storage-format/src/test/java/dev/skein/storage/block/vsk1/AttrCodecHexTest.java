package dev.skein.storage.block.vsk1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

class AttrCodecHexTest {

  @Test
  void hexStrings_roundTripExactly_evenAndOddLength_leadingZeros() throws Exception {
    Random random = new Random(3);
    for (int i = 0; i < 2_000; i++) {
      String hex = Long.toHexString(random.nextLong() >>> random.nextInt(40));
      if (i % 3 == 0) {
        hex = "0" + hex + Long.toHexString(random.nextLong());
      }
      if (!AttrCodec.isLowerHex(hex)) {
        assertThat(hex.length()).isLessThan(AttrCodec.HEX_MIN_CHARS);
        continue;
      }
      int type = hex.length() % 2 == 0 ? AttrCodec.HEX : AttrCodec.HEX_ODD;
      byte[] bytes = AttrCodec.hexBytes(hex);
      assertThat(bytes).hasSize((hex.length() + 1) / 2);
      assertThat(AttrCodec.hexString(Binary.fromConstantByteArray(bytes), type)).isEqualTo(hex);
    }
  }

  @Test
  void onlyLongLowercaseHex_qualifies() {
    assertThat(AttrCodec.isLowerHex("0123456789abcdef")).isTrue();
    assertThat(AttrCodec.isLowerHex("0123456789abcde")).isTrue();
    assertThat(AttrCodec.isLowerHex("0123456789abcd")).isFalse(); // too short: could be a number
    assertThat(AttrCodec.isLowerHex("0123456789ABCDEF")).isFalse(); // uppercase kept as text
    assertThat(AttrCodec.isLowerHex("0123456789abcdeg")).isFalse();
    assertThat(AttrCodec.isLowerHex("")).isFalse();
  }
}
