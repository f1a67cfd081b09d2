package dev.skein.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.block.TraceIterator;
import dev.skein.storage.index.SearchIndex;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.ManyKeyTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceCombiner;
import dev.skein.trace.TraceId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BlockMerger} copies traces found in one input without decoding them and combines the
 * others: the block it writes must be exactly the one that decoding every trace, combining the
 * parts of each id and encoding the result gives; with inputs whose attribute slot columns are
 * assigned differently, it must read back as the same traces.
 */
class BlockMergerTest {

  @TempDir Path tmp;

  @Test
  void merge_splitAndDuplicatedTraces_sameBlockAsDecodingEveryTrace() {
    ObjectStore store = new InMemoryObjectStore();
    List<BlockMeta> inputs = new ArrayList<>();
    for (List<Trace> traces : CompactorSuite.inputs(17)) {
      inputs.add(TestBlocks.write(store, "acme", traces, tmp, 0));
    }

    BlockMerger.Result merged =
        new BlockMerger(store, TestBlocks.SMALL, 50L << 20).merge(inputs, newBlock());
    BlockMeta reference = reference(store, inputs);

    // 15 traces split over blocks 0 and 1, 10 duplicated in blocks 2 and 3
    assertThat(merged.combinedTraces()).isEqualTo(25);
    assertThat(merged.duplicateSpans()).isPositive();
    BlockMeta out = merged.output();
    assertThat(store.get(out.key("data.parquet")))
        .isEqualTo(store.get(reference.key("data.parquet")));
    assertThat(store.get(out.key(SearchIndex.OBJECT_NAME)))
        .isEqualTo(store.get(reference.key(SearchIndex.OBJECT_NAME)));
    assertThat(out)
        .usingRecursiveComparison()
        .ignoringFields("blockId", "createdAt")
        .isEqualTo(reference);
  }

  @ParameterizedTest(name = "{0} keys")
  @ValueSource(ints = {4, 80})
  void merge_inputsWithDifferentSlotAssignments_readsBackAsDecodingEveryTrace(int keys) {
    ObjectStore store = new InMemoryObjectStore();
    List<BlockMeta> inputs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // each input favours the keys in its own order, so assigns its slot columns differently
      ManyKeyTraces gen = new ManyKeyTraces(40 + i, keys);
      List<Trace> traces = new ArrayList<>();
      for (int t = 0; t < 60; t++) {
        traces.add(gen.trace(new TraceId(t * 3L + i + 1, 1)));
      }
      for (int t = 0; t < 8; t++) {
        traces.add(gen.trace(new TraceId(1_000 + t, 1))); // in every input: combined
      }
      inputs.add(TestBlocks.write(store, "acme", traces, tmp, 0));
    }

    BlockMerger.Result merged =
        new BlockMerger(store, TestBlocks.SMALL, 50L << 20).merge(inputs, newBlock());
    BlockMeta reference = reference(store, inputs);

    assertThat(merged.combinedTraces()).isEqualTo(8);
    assertThat(merged.copiedTraces()).isPositive();
    if (keys == 4) { // every (key, kind) has a slot everywhere: all copied, identical bytes
      assertThat(merged.copiedTraces()).isEqualTo(180);
      assertThat(store.get(merged.output().key("data.parquet")))
          .isEqualTo(store.get(reference.key("data.parquet")));
    } else {
      assertThat(merged.copiedTraces()).isLessThan(180);
    }
    assertThat(readAll(store, merged.output())).isEqualTo(readAll(store, reference));
    assertThat(store.get(merged.output().key(SearchIndex.OBJECT_NAME)))
        .isEqualTo(store.get(reference.key(SearchIndex.OBJECT_NAME)));
    assertThat(merged.output().totalSpans()).isEqualTo(reference.totalSpans());
  }

  /** The merge by decoding every trace, combining the parts of each id and encoding the result. */
  private BlockMeta reference(ObjectStore store, List<BlockMeta> inputs) {
    Map<TraceId, List<Trace>> parts = new TreeMap<>();
    for (BlockMeta meta : inputs) {
      try (BlockReader r = BlockFormats.forVersion(meta.format()).openReader(store, meta);
          TraceIterator it = r.iterateTraces()) {
        it.forEachRemaining(t -> parts.computeIfAbsent(t.traceId(), k -> new ArrayList<>()).add(t));
      }
    }
    try (BlockWriter w =
        BlockFormats.defaultForWrites().newWriter(store, newBlock(), TestBlocks.SMALL)) {
      parts.forEach((id, p) -> w.add(p.size() == 1 ? p.get(0) : TraceCombiner.combine(id, p)));
      return w.complete();
    }
  }

  private static List<Trace> readAll(ObjectStore store, BlockMeta meta) {
    List<Trace> out = new ArrayList<>();
    try (BlockReader r = BlockFormats.forVersion(meta.format()).openReader(store, meta);
        TraceIterator it = r.iterateTraces()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private NewBlock newBlock() {
    return new NewBlock("acme", UUID.randomUUID(), 1, 1, tmp.resolve(UUID.randomUUID().toString()));
  }
}
