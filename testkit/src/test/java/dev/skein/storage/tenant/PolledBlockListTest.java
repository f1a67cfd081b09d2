package dev.skein.storage.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockMetaJson;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.trace.TraceId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PolledBlockListTest {

  final InMemoryObjectStore store = new InMemoryObjectStore();
  final PolledBlockList list = new PolledBlockList(store);

  static BlockMeta meta(String tenant, long end) {
    return new BlockMeta(
        UUID.randomUUID(),
        tenant,
        "vsk1",
        TraceId.parseHex("1"),
        TraceId.parseHex("ff"),
        end - 10,
        end,
        1,
        1,
        100,
        10,
        0,
        10,
        10,
        1,
        1,
        0,
        0,
        Instant.EPOCH);
  }

  void commit(BlockMeta meta) {
    store.put(meta.key("data.parquet"), new byte[] {1});
    store.put(meta.key(BlockMeta.META_JSON), BlockMetaJson.write(meta));
  }

  @Test
  void refresh_committedBlocks_listedNewestFirstPerTenant() {
    BlockMeta old = meta("a", 100);
    BlockMeta recent = meta("a", 200);
    BlockMeta other = meta("b", 150);
    commit(old);
    commit(recent);
    commit(other);
    list.refresh();
    assertThat(list.tenants()).containsExactly("a", "b");
    assertThat(list.blocks("a"))
        .extracting(BlockMeta::blockId)
        .containsExactly(recent.blockId(), old.blockId());
    assertThat(list.blocks("b")).extracting(BlockMeta::blockId).containsExactly(other.blockId());
    assertThat(list.blocks("nobody")).isEmpty();
  }

  @Test
  void refresh_blockWithoutMeta_notListed() {
    BlockMeta half = meta("a", 100);
    store.put(half.key("data.parquet"), new byte[] {1});
    list.refresh();
    assertThat(list.blocks("a")).isEmpty();
  }

  @Test
  void refresh_compactedMarker_hidesBlock() {
    BlockMeta gone = meta("a", 100);
    commit(gone);
    store.put(gone.key(PolledBlockList.COMPACTED_MARKER), new byte[] {'{', '}'});
    list.refresh();
    assertThat(list.blocks("a")).isEmpty();
  }

  @Test
  void add_visibleBeforeRefresh_andKeptAfter() {
    BlockMeta fresh = meta("a", 100);
    list.add(fresh);
    assertThat(list.blocks("a")).containsExactly(fresh);
    commit(fresh);
    list.refresh();
    assertThat(list.blocks("a")).containsExactly(fresh);
  }

  @Test
  void remove_hiddenEvenIfStillInStore() {
    BlockMeta input = meta("a", 100);
    commit(input);
    list.refresh();
    list.remove("a", List.of(input.blockId()));
    assertThat(list.blocks("a")).isEmpty();
    list.refresh();
    assertThat(list.blocks("a")).isEmpty();
  }

  @Test
  void refresh_corruptMeta_skippedOthersKept() {
    BlockMeta good = meta("a", 100);
    commit(good);
    BlockMeta bad = meta("a", 200);
    store.put(bad.key(BlockMeta.META_JSON), new byte[] {'{', 'x'});
    list.refresh();
    assertThat(list.blocks("a")).containsExactly(good);
  }
}
