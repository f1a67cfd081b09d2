package dev.skein.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TraceIdTest {

  @Test
  void parseHex_full_roundTrips() {
    TraceId id = TraceId.parseHex("2f3e0cee77ae5dc9c17ade3689eb2e54");
    assertThat(id.toHex()).isEqualTo("2f3e0cee77ae5dc9c17ade3689eb2e54");
    assertThat(TraceId.fromBytes(id.toBytes())).isEqualTo(id);
    assertThat(TraceId.fromByteString(id.toByteString())).isEqualTo(id);
  }

  @Test
  void parseHex_short_leftPadded() {
    assertThat(TraceId.parseHex("ABC1").toHex()).isEqualTo("0000000000000000000000000000abc1");
  }

  @Test
  void parseHex_notHex_saysWhereAndWhat() {
    assertThatThrownBy(() -> TraceId.parseHex("12zz"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("trace id '12zz' is not hex: character 'z' at position 2");
  }

  @Test
  void parseHex_tooLong_rejected() {
    assertThatThrownBy(() -> TraceId.parseHex("0".repeat(33)))
        .hasMessageContaining("is 33 hex characters, at most 32");
  }

  @Test
  void fromBytes_wrongLength_rejected() {
    assertThatThrownBy(() -> TraceId.fromBytes(new byte[8]))
        .hasMessage("trace id must be 16 bytes, was 8");
  }

  @Test
  void compareTo_matchesUnsignedByteOrder() {
    Random random = new Random(7);
    List<byte[]> raw = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[16];
      random.nextBytes(b);
      raw.add(b);
    }
    List<TraceId> ids = new ArrayList<>(raw.stream().map(TraceId::fromBytes).toList());
    ids.sort(null);
    raw.sort(Arrays::compareUnsigned);
    assertThat(ids).containsExactlyElementsOf(raw.stream().map(TraceId::fromBytes).toList());
  }

  @Test
  void parseHex_nonAsciiDigit_throws() {
    // found by IdsAndKeysFuzzTest: Character.digit accepted U+06F0 (Extended Arabic-Indic zero)
    assertThatThrownBy(() -> TraceId.parseHex("\u06f0"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not hex");
    assertThatThrownBy(() -> TraceId.parseHex("\uff21"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
