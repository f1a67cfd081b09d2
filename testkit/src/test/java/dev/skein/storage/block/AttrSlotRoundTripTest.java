package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testkit.AttrSlotTraces;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
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
    InMemoryObjectStore store = new InMemoryObjectStore();
    BlockConfig config = new BlockConfig(64 << 10, 4096, 50, 0.01, 256, 50, 3);
    BlockMeta meta;
    try (BlockWriter w = format.newWriter(store, NewBlock.level0("t", dir.resolve("w")), config)) {
      traces.forEach(w::add);
      meta = w.complete();
    }
    try (BlockReader reader = format.openReader(store, meta)) {
      List<Trace> read = new ArrayList<>();
      try (TraceIterator it = reader.iterateTraces()) {
        it.forEachRemaining(read::add);
      }
      assertThat(read).hasSize(traces.size());
      for (int i = 0; i < traces.size(); i++) {
        Trace expected = TraceNormalizer.normalize(traces.get(i));
        assertThat(read.get(i)).isEqualTo(expected);
        assertThat(reader.findTrace(expected.traceId())).contains(expected);
      }
    }
  }
}
