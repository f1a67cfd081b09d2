package dev.skein.bench.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.trace.TraceId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreDatasetTest {

  private static final DatasetSpec SPEC = new DatasetSpec("acme", 3, 4, 42, 1_000_000_000L);

  @TempDir Path dir;

  private final PrintStream log =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @Test
  void open_buildsBlocksAndTenantIndex_thatTheBlockListAndReadersSee() throws Exception {
    StoreDataset data = StoreDataset.open(dir, SPEC, BlockConfig.defaults(), 2, log);

    assertThat(data.blocks()).hasSize(3);
    assertThat(data.traces()).isEqualTo(12);
    assertThat(data.builtBlocks()).isEqualTo(3);
    assertThat(data.otlpBytes()).isPositive();
    try (LocalObjectStore store =
        new LocalObjectStore(LocalObjectStoreConfig.of(StoreDataset.storeRoot(dir)))) {
      PolledBlockList list = new PolledBlockList(store);
      list.refresh();
      assertThat(list.blocks("acme")).hasSize(3);
      List<TraceId> sample = data.sampleTraceIds(5, 1);
      for (TraceId id : sample) {
        long found = 0;
        for (BlockMeta meta : list.blocks("acme")) {
          try (BlockReader r = BlockFormats.forVersion(meta.format()).openReader(store, meta)) {
            found += r.findTrace(id).isPresent() ? 1 : 0;
          }
        }
        assertThat(found).as("trace %s in exactly one block", id).isEqualTo(1);
      }
    }
  }

  @Test
  void open_again_reusesEveryBlock() throws Exception {
    StoreDataset first = StoreDataset.open(dir, SPEC, BlockConfig.defaults(), 1, log);

    StoreDataset second = StoreDataset.open(dir, SPEC, BlockConfig.defaults(), 1, log);

    assertThat(second.builtBlocks()).isZero();
    assertThat(second.blocks()).isEqualTo(first.blocks());
    assertThat(second.otlpBytes()).isEqualTo(first.otlpBytes());
  }

  @Test
  void open_resumesAfterALostBlock() throws Exception {
    StoreDataset.open(dir, SPEC, BlockConfig.defaults(), 1, log);
    Files.delete(dir.resolve("progress").resolve("block-1.properties"));

    StoreDataset again = StoreDataset.open(dir, SPEC, BlockConfig.defaults(), 1, log);

    assertThat(again.builtBlocks()).isEqualTo(1);
    assertThat(again.blocks()).hasSize(3);
  }

  @Test
  void open_otherSpec_refusedNamingBoth() throws Exception {
    StoreDataset.open(dir, SPEC, BlockConfig.defaults(), 1, log);
    DatasetSpec other = new DatasetSpec("acme", 3, 5, 42, 1_000_000_000L);

    assertThatThrownBy(() -> StoreDataset.open(dir, other, BlockConfig.defaults(), 1, log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tracesPerBlock=4")
        .hasMessageContaining("tracesPerBlock=5");
  }
}
