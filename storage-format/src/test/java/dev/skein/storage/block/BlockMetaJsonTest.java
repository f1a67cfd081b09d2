package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.CorruptBlockException;
import dev.skein.trace.TraceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BlockMetaJsonTest {

  static final BlockMeta META =
      new BlockMeta(
          UUID.fromString("8d1e1f4e-3c4b-4f7e-9a43-2b1c0d9e8f70"),
          "tenant-1",
          "vsk1",
          new TraceId(1, 2),
          new TraceId(-1, -2),
          1_700_000_000_000_000_000L,
          1_700_000_060_000_000_000L,
          10,
          200,
          12345,
          678,
          0xFFFFFFFFL,
          99,
          100,
          3,
          2,
          1,
          0,
          Instant.parse("2026-11-25T18:00:00Z"));

  @Test
  void writeThenRead_isEqual() {
    assertThat(BlockMetaJson.read("k", BlockMetaJson.write(META))).isEqualTo(META);
  }

  @Test
  void read_unknownFieldsIgnored() {
    String json = new String(BlockMetaJson.write(META), StandardCharsets.UTF_8);
    json = json.replaceFirst("\\{", "{\"future\": {\"a\": [1, 2]}, \"x\": true,");
    assertThat(BlockMetaJson.read("k", json.getBytes(StandardCharsets.UTF_8))).isEqualTo(META);
  }

  @Test
  void read_missingField_throwsNamingField() {
    String json =
        new String(BlockMetaJson.write(META), StandardCharsets.UTF_8)
            .replace("\"totalSpans\"", "\"totalSpanz\"");
    assertThatThrownBy(
            () -> BlockMetaJson.read("t/b/meta.json", json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("t/b/meta.json")
        .hasMessageContaining("totalSpans");
  }

  @Test
  void read_notJson_throws() {
    assertThatThrownBy(() -> BlockMetaJson.read("k", "[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CorruptBlockException.class);
    assertThatThrownBy(() -> BlockMetaJson.read("k", new byte[] {(byte) 0xff, 0x00}))
        .isInstanceOf(CorruptBlockException.class);
  }

  @Test
  void keys_followLayout() {
    assertThat(META.key("data.parquet"))
        .isEqualTo("tenant-1/8d1e1f4e-3c4b-4f7e-9a43-2b1c0d9e8f70/data.parquet");
    assertThat(META.mayContain(new TraceId(1, 2))).isTrue();
    assertThat(META.mayContain(new TraceId(1, 1))).isFalse();
  }

  @Test
  void read_utf32ByteOrderMark_throwsCorruptBlock() {
    // found by BlockObjectsFuzzTest: Jackson's UTF-32 reader threw CharConversionException
    byte[] bytes = {0, 0, 0, '{', (byte) 0xfe, (byte) 0xff, 0, 0};
    assertThatThrownBy(() -> BlockMetaJson.read("t/b/meta.json", bytes))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("t/b/meta.json");
  }
}
