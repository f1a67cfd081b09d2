package dev.skein.storage.block;

import dev.skein.testkit.AttrSlotTraces;
import dev.skein.trace.Trace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Span attributes that vsk1 moves into per-block slot columns come back exactly, in order ({@link
 * AttrSlotTraces}): more keys of each kind than there are slots (the rest stay generic), hex ids of
 * even and odd length, ints and bools under one key, duplicate keys, and keys whose kind changes
 * from span to span.
 */
class AttrSlotRoundTripTest {

  @TempDir Path dir;

  static List<BlockFormat> formats() {
    return BlockFormats.all().stream().filter(BlockFormat::writable).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void roundTrip_manyKeysOfEveryKind_exact(BlockFormat format) {
    List<Trace> traces = new AttrSlotTraces(5).traces(60);
    RoundTrip.assertExact(
        format, dir, traces, new BlockConfig(64 << 10, 4096, 50, 0.01, 256, 50, 3));
  }
}
