package dev.skein.querier.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.querier.search.SearchEngineTest;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.testkit.InMemoryObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockReadersTest {

  @TempDir Path work;
  final InMemoryObjectStore store = new InMemoryObjectStore();

  List<BlockMeta> blocks(int n) {
    List<BlockMeta> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      try (BlockWriter w =
          BlockFormats.defaultForWrites()
              .newWriter(store, NewBlock.level0("t", work), BlockConfig.defaults())) {
        w.add(SearchEngineTest.trace(i, "cart", 100 + i, 5, false));
        out.add(w.complete());
      }
    }
    return out;
  }

  static long weight(BlockMeta m) {
    return m.footerBytes() + m.searchIndexBytes() + m.bloomBytes();
  }

  @Test
  void ofMaxBytes_budgetOfTwoBlocks_keepsAtMostTwoOpen() {
    List<BlockMeta> metas = blocks(5);
    long budget = metas.stream().mapToLong(BlockReadersTest::weight).max().orElseThrow() * 2;
    try (BlockReaders readers = BlockReaders.ofMaxBytes(store, budget)) {
      metas.forEach(readers::reader);

      assertThat(readers.open()).isBetween(1L, 2L);
    }
  }

  @Test
  void ofMaxBytes_withinBudget_sameReaderReused() {
    List<BlockMeta> metas = blocks(3);
    try (BlockReaders readers = BlockReaders.ofMaxBytes(store, 1L << 30)) {
      var first = readers.reader(metas.get(0));
      metas.forEach(readers::reader);

      assertThat(readers.reader(metas.get(0))).isSameAs(first);
      assertThat(readers.open()).isEqualTo(3);
    }
  }

  @Test
  void ofMaxBytes_notPositive_rejected() {
    assertThatThrownBy(() -> BlockReaders.ofMaxBytes(store, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be > 0, was 0");
  }
}
