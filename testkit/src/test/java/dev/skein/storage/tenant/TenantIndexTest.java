package dev.skein.storage.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.CorruptBlockException;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockMetaJson;
import dev.skein.testkit.InMemoryObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantIndexTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  final InMemoryObjectStore store = new InMemoryObjectStore();
  final PolledBlockList list =
      new PolledBlockList(store, Duration.ofMinutes(15), Clock.fixed(NOW, ZoneOffset.UTC));

  void commit(BlockMeta meta) {
    store.put(meta.key("data.parquet"), new byte[] {1});
    store.put(meta.key(BlockMeta.META_JSON), BlockMetaJson.write(meta));
  }

  void writeIndex(String tenant, Instant at, List<BlockMeta> live, List<CompactedBlock> gone) {
    store.put(
        TenantIndex.key(tenant), TenantIndexJson.write(new TenantIndex(tenant, at, live, gone)));
  }

  @Test
  void json_roundTrip_equal() {
    TenantIndex index =
        new TenantIndex(
            "a",
            NOW,
            List.of(PolledBlockListTest.meta("a", 100), PolledBlockListTest.meta("a", 200)),
            List.of(new CompactedBlock(PolledBlockListTest.meta("a", 50), NOW.minusSeconds(5))));
    assertThat(TenantIndexJson.read("k", TenantIndexJson.write(index))).isEqualTo(index);
  }

  @Test
  void json_emptyLists_roundTrip() {
    TenantIndex index = new TenantIndex("a", NOW, List.of(), List.of());
    assertThat(TenantIndexJson.read("k", TenantIndexJson.write(index))).isEqualTo(index);
  }

  @Test
  void json_truncated_corruptBlockExceptionNamesKey() {
    byte[] bytes = TenantIndexJson.write(new TenantIndex("a", NOW, List.of(), List.of()));
    assertThatThrownBy(() -> TenantIndexJson.read("a/index.json.gz", Arrays.copyOf(bytes, 10)))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("a/index.json.gz");
    assertThatThrownBy(() -> TenantIndexJson.read("a/index.json.gz", new byte[] {1, 2, 3}))
        .isInstanceOf(CorruptBlockException.class);
  }

  @Test
  void compactedMarker_roundTripAndIllegible() {
    assertThat(CompactedMarker.read(CompactedMarker.write(NOW))).contains(NOW);
    assertThat(CompactedMarker.read("{}".getBytes())).isEmpty();
  }

  @Test
  void refresh_freshIndex_readInsteadOfListing() {
    BlockMeta indexed = PolledBlockListTest.meta("a", 100);
    BlockMeta unindexed = PolledBlockListTest.meta("a", 200);
    commit(indexed);
    commit(unindexed);
    writeIndex("a", NOW.minusSeconds(60), List.of(indexed), List.of());

    list.refresh();

    assertThat(list.blocks("a")).containsExactly(indexed);
  }

  @Test
  void refresh_indexMissing_fallsBackToListing() {
    BlockMeta block = PolledBlockListTest.meta("a", 100);
    commit(block);
    list.refresh();
    assertThat(list.blocks("a")).containsExactly(block);
  }

  @Test
  void refresh_indexCorrupt_fallsBackToListing() {
    BlockMeta block = PolledBlockListTest.meta("a", 100);
    commit(block);
    store.put(TenantIndex.key("a"), new byte[] {'n', 'o', 'p', 'e'});
    list.refresh();
    assertThat(list.blocks("a")).containsExactly(block);
  }

  @Test
  void refresh_indexStale_fallsBackToListing() {
    BlockMeta block = PolledBlockListTest.meta("a", 100);
    commit(block);
    writeIndex("a", NOW.minus(Duration.ofMinutes(16)), List.of(), List.of());
    list.refresh();
    assertThat(list.blocks("a")).containsExactly(block);
  }

  @Test
  void refresh_addedBlockNotYetIndexed_keptUntilIndexKnowsIt() {
    BlockMeta fresh = PolledBlockListTest.meta("a", 100);
    commit(fresh);
    writeIndex("a", NOW, List.of(), List.of());
    list.add(fresh);

    list.refresh();
    assertThat(list.blocks("a")).containsExactly(fresh);

    writeIndex("a", NOW, List.of(), List.of(new CompactedBlock(fresh, NOW)));
    list.refresh();
    assertThat(list.blocks("a")).isEmpty();
  }

  @Test
  void listingOnly_indexPresent_ignored() {
    BlockMeta block = PolledBlockListTest.meta("a", 100);
    commit(block);
    writeIndex("a", Instant.now(), List.of(), List.of());
    PolledBlockList listing = PolledBlockList.listingOnly(store);
    listing.refresh();
    assertThat(listing.blocks("a")).containsExactly(block);
  }
}
