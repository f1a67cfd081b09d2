package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.RandomTraces;
import dev.skein.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Property-based round trip: random OTLP → block → OTLP gives the normalized input, exactly. */
class BlockRoundTripTest {

  @TempDir Path dir;

  static List<BlockFormat> formats() {
    return BlockFormats.all().stream().filter(BlockFormat::writable).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void roundTrip_randomTraces_iterateAndFindGiveNormalizedInput(BlockFormat format) {
    for (long seed = 1; seed <= 3; seed++) {
      List<Trace> traces = new RandomTraces(seed).traces(100, 12);
      InMemoryObjectStore store = new InMemoryObjectStore();
      // small row groups and pages so traces cross page and row-group boundaries
      BlockConfig config = new BlockConfig(64 << 10, 4096, 50, 0.01, 256, 50, 3);
      BlockMeta meta = write(format, store, config, traces);

      assertThat(meta.totalTraces()).isEqualTo(traces.size());
      assertThat(meta.totalSpans()).isEqualTo(traces.stream().mapToLong(Trace::spanCount).sum());
      assertThat(meta.rowGroups()).as("seed %d", seed).isGreaterThan(1);

      try (BlockReader reader = format.openReader(store, meta)) {
        List<Trace> read = new ArrayList<>();
        try (TraceIterator it = reader.iterateTraces()) {
          it.forEachRemaining(read::add);
        }
        assertThat(read).as("seed %d", seed).hasSize(traces.size());
        for (int i = 0; i < traces.size(); i++) {
          assertThat(read.get(i)).isEqualTo(TraceNormalizer.normalize(traces.get(i)));
        }
        for (Trace t : traces) {
          assertThat(reader.findTrace(t.traceId()))
              .as("seed %d trace %s", seed, t.traceId())
              .contains(TraceNormalizer.normalize(t));
        }
      }
    }
  }

  private BlockMeta write(
      BlockFormat format, InMemoryObjectStore store, BlockConfig config, List<Trace> traces) {
    try (BlockWriter w =
        format.newWriter(
            store, NewBlock.level0("tenant-1", dir.resolve("w" + System.nanoTime())), config)) {
      traces.forEach(w::add);
      return w.complete();
    }
  }
}
