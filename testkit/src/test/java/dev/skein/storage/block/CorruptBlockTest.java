package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.CorruptBlockException;
import dev.skein.storage.index.SearchIndex;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.RandomTraces;
import dev.skein.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Truncated or corrupted objects give CorruptBlockException naming object and offset. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CorruptBlockTest {

  @TempDir Path dir;

  InMemoryObjectStore store;
  List<Trace> traces;
  BlockMeta meta;
  BlockFormat format = BlockFormats.defaultForWrites();

  @BeforeEach
  void writeBlock() {
    store = new InMemoryObjectStore();
    traces = new RandomTraces(11).traces(60, 6);
    try (BlockWriter w =
        format.newWriter(
            store, NewBlock.level0("t1", dir), BlockConfig.defaults().withBloomShardBytes(64))) {
      traces.forEach(w::add);
      meta = w.complete();
    }
  }

  @Test
  void metaJson_truncated_throwsNamingObject() {
    String key = meta.key(BlockMeta.META_JSON);
    byte[] json = store.get(key);
    for (int cut : new int[] {0, 1, json.length / 2, json.length - 2}) {
      assertThatThrownBy(() -> BlockMetaJson.read(key, Arrays.copyOf(json, cut)))
          .isInstanceOf(CorruptBlockException.class)
          .hasMessageStartingWith(key);
    }
    assertThat(BlockMetaJson.read(key, json)).isEqualTo(meta);
  }

  @Test
  void metaJson_wrongValue_throws() {
    String key = meta.key(BlockMeta.META_JSON);
    String json =
        new String(store.get(key)).replace("\"minTraceId\" : \"", "\"minTraceId\" : \"zz");
    assertThatThrownBy(() -> BlockMetaJson.read(key, json.getBytes()))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining(key);
  }

  @Test
  void bloom_flippedOrTruncated_throwsNamingShard() {
    assertThat(meta.bloomShards()).isGreaterThan(1);
    Trace t = traces.get(3);
    for (int shard = 0; shard < meta.bloomShards(); shard++) {
      String key = meta.key("bloom-" + shard);
      byte[] good = store.get(key);
      store.put(key, flip(good, good.length / 2));
      assertCorruptOrRight(key, t);
      store.put(key, Arrays.copyOf(good, good.length - 3));
      assertCorruptOrRight(key, t);
      store.put(key, good);
    }
  }

  @Test
  void searchIndex_flippedOrTruncated_throws() {
    String key = meta.key(SearchIndex.OBJECT_NAME);
    byte[] good = store.get(key);
    Random random = new Random(5);
    for (int i = 0; i < 20; i++) {
      byte[] bad =
          random.nextBoolean()
              ? flip(good, random.nextInt(good.length))
              : Arrays.copyOf(good, random.nextInt(good.length));
      store.put(key, bad);
      try (BlockReader reader = format.openReader(store, meta)) {
        assertThatThrownBy(reader::searchIndex)
            .isInstanceOf(CorruptBlockException.class)
            .hasMessageStartingWith(key)
            .satisfies(e -> assertThat(((CorruptBlockException) e).objectKey()).isEqualTo(key));
      }
    }
  }

  @Test
  void dataParquet_truncated_throws() {
    String key = meta.key("data.parquet");
    byte[] good = store.get(key);
    for (int cut : new int[] {0, 7, good.length / 2, good.length - 1}) {
      store.put(key, Arrays.copyOf(good, cut));
      try (BlockReader reader = format.openReader(store, meta)) {
        assertThatThrownBy(() -> reader.findTrace(traces.get(1).traceId()))
            .isInstanceOf(CorruptBlockException.class)
            .hasMessageStartingWith(key);
      }
    }
  }

  @Test
  void dataParquet_flippedBytes_neverWrongAnswer() {
    String key = meta.key("data.parquet");
    byte[] good = store.get(key);
    Random random = new Random(9);
    int corrupt = 0;
    for (int i = 0; i < 60; i++) {
      int offset = random.nextInt(good.length);
      store.put(key, flip(good, offset));
      try (BlockReader reader = format.openReader(store, meta)) {
        List<Trace> read = new ArrayList<>();
        try (TraceIterator it = reader.iterateTraces()) {
          it.forEachRemaining(read::add);
        }
        // no exception: the flip hit bytes that do not change the data
        assertThat(read).as("flip at %d", offset).hasSize(traces.size());
        for (int t = 0; t < traces.size(); t++) {
          assertThat(read.get(t)).isEqualTo(TraceNormalizer.normalize(traces.get(t)));
        }
      } catch (CorruptBlockException e) {
        assertThat(e.objectKey()).isEqualTo(key);
        corrupt++;
      }
    }
    assertThat(corrupt).isGreaterThan(30);
  }

  private void assertCorruptOrRight(String key, Trace t) {
    try (BlockReader reader = format.openReader(store, meta)) {
      // every shard is read by some id; only the one for t matters here
      try {
        assertThat(reader.findTrace(t.traceId())).contains(TraceNormalizer.normalize(t));
      } catch (CorruptBlockException e) {
        assertThat(e.objectKey()).isEqualTo(key);
        assertThat(e.offset()).isNotNegative();
      }
    }
  }

  private static byte[] flip(byte[] bytes, int offset) {
    byte[] copy = bytes.clone();
    copy[offset] ^= (byte) 0x5a;
    return copy;
  }
}
