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

/**
 * {@link BlockMerger} copies traces found in one input without decoding them and combines the
 * others: the block it writes must be exactly the one that decoding every trace, combining the
 * parts of each id and encoding the result gives.
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

    Map<TraceId, List<Trace>> parts = new TreeMap<>();
    for (BlockMeta meta : inputs) {
      try (BlockReader r = BlockFormats.forVersion(meta.format()).openReader(store, meta);
          TraceIterator it = r.iterateTraces()) {
        it.forEachRemaining(t -> parts.computeIfAbsent(t.traceId(), k -> new ArrayList<>()).add(t));
      }
    }
    BlockMeta reference;
    try (BlockWriter w =
        BlockFormats.defaultForWrites().newWriter(store, newBlock(), TestBlocks.SMALL)) {
      parts.forEach((id, p) -> w.add(p.size() == 1 ? p.get(0) : TraceCombiner.combine(id, p)));
      reference = w.complete();
    }

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

  private NewBlock newBlock() {
    return new NewBlock("acme", UUID.randomUUID(), 1, 1, tmp.resolve(UUID.randomUUID().toString()));
  }
}
