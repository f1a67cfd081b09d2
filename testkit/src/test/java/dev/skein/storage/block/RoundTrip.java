package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes traces to a block and checks that iterating and finding give them back normalized. */
final class RoundTrip {

  private RoundTrip() {}

  /**
   * {@code traces} (sorted by id) through one block of {@code format}, work files in {@code dir}.
   */
  static void assertExact(BlockFormat format, Path dir, List<Trace> traces, BlockConfig config) {
    InMemoryObjectStore store = new InMemoryObjectStore();
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
