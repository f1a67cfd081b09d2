package dev.skein.storage.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.skein.common.CorruptBlockException;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockMetaJson;
import dev.skein.storage.index.SearchIndex;
import dev.skein.storage.index.SearchIndexBuilder;
import dev.skein.storage.index.TagScope;
import dev.skein.storage.index.TagValue;
import dev.skein.trace.TraceId;
import java.time.Instant;
import java.util.UUID;

/**
 * Fuzzes the readers of a block's small objects (meta.json, search.idx) with corrupted bytes: each
 * either reads or throws {@link CorruptBlockException}, never anything else. The bloom filter has
 * its own target in {@code dev.skein.storage.block.vsk1}.
 */
class BlockObjectsFuzzTest {

  private static final byte[] META =
      BlockMetaJson.write(
          new BlockMeta(
              UUID.fromString("8d1e1f4e-3c4b-4f7e-9a43-2b1c0d9e8f70"),
              "tenant-1",
              "vsk1",
              new TraceId(1, 2),
              new TraceId(-1, -2),
              1_700_000_000_000_000_000L,
              1_700_000_060_000_000_000L,
              10,
              200,
              12345,
              678,
              0xFFFFFFFFL,
              99,
              100,
              3,
              2,
              1,
              0,
              Instant.parse("2026-11-25T18:00:00Z")));

  private static final byte[] INDEX = searchIndex();

  @FuzzTest(maxDuration = "30s")
  void metaJson_corrupted_readsOrThrowsCorruptBlock(FuzzedDataProvider data) {
    byte[] bytes = Corruptions.of(META, data);
    try {
      BlockMeta meta = BlockMetaJson.read("t/b/meta.json", bytes);
      assertThat(meta.tenant()).isNotNull();
    } catch (CorruptBlockException expected) {
      assertThat(expected).hasMessageContaining("t/b/meta.json");
    }
  }

  @FuzzTest(maxDuration = "30s")
  void searchIndex_corrupted_readsOrThrowsCorruptBlock(FuzzedDataProvider data) {
    byte[] bytes = Corruptions.of(INDEX, data);
    SearchIndex index;
    try {
      index = SearchIndex.read("t/b/search.idx", bytes);
    } catch (CorruptBlockException expected) {
      return;
    }
    // a body that passes the checks must also be safe to query
    for (TagScope scope : TagScope.values()) {
      for (String key : index.tagNames(scope)) {
        for (TagValue v : index.tagValues(scope, key)) {
          index.traces(scope, key, v).ifPresent(index::rowsOf);
        }
      }
    }
  }

  private static byte[] searchIndex() {
    SearchIndexBuilder b = new SearchIndexBuilder(100);
    for (int t = 0; t < 3; t++) {
      b.startTrace(t, t * 2);
      b.add(TagScope.RESOURCE, "service.name", TagValue.string("svc-" + t), t);
      b.add(TagScope.SPAN, "http.status_code", TagValue.ofInt(200 + t), t);
    }
    return b.serialize(6);
  }
}
