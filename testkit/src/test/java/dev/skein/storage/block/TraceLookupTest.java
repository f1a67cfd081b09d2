package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.storage.block.vsk1.Vsk1Format;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trace-by-id costs: requests and bytes per lookup, hits and misses. */
class TraceLookupTest {

  @TempDir static Path dir;

  static InMemoryObjectStore store;
  static List<Trace> traces;
  static BlockMeta meta;

  @BeforeAll
  static void writeBlock() {
    store = new InMemoryObjectStore();
    traces = new ShopTraces(7).traces(1_500);
    // several row groups so that row-group statistics matter
    BlockConfig config = BlockConfig.defaults().withRowGroupBytes(512 << 10);
    try (BlockWriter w =
        BlockFormats.defaultForWrites().newWriter(store, NewBlock.level0("t1", dir), config)) {
      traces.forEach(w::add);
      meta = w.complete();
    }
  }

  @Test
  void findTrace_hitWithBloomAndFooterCached_atMostTwoDataReads() {
    ReadLog data = new ReadLog(store, "data.parquet");
    try (BlockReader reader = Vsk1Format.INSTANCE.openReader(data, meta)) {
      assertThat(reader.findTrace(traces.get(0).traceId())).isPresent(); // warms tail and bloom
      assertThat(meta.rowGroups()).isGreaterThan(1);
      long worst = 0;
      long bytes = 0;
      for (int i = 1; i < traces.size(); i += 97) {
        data.reset();
        Trace t = traces.get(i);
        assertThat(reader.findTrace(t.traceId())).contains(TraceNormalizer.normalize(t));
        worst = Math.max(worst, data.reads.get());
        bytes += data.bytes.get();
      }
      System.out.printf(
          "trace-by-id: %d row groups, data.parquet %d bytes, worst %d reads, avg %d bytes%n",
          meta.rowGroups(), meta.dataBytes(), worst, bytes / (traces.size() / 97));
      assertThat(worst).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void rowGroupRows_boundsRowGroups_lookupsAcrossTheirBoundariesStillExact() {
    InMemoryObjectStore small = new InMemoryObjectStore();
    List<Trace> some = traces.subList(0, 200);
    int rowsPerGroup = 500;
    BlockMeta m;
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(
                small,
                NewBlock.level0("t2", dir.resolve("rows")),
                BlockConfig.defaults().withRowGroupRows(rowsPerGroup))) {
      some.forEach(w::add);
      m = w.complete();
    }
    // the byte estimate alone would put these ~4,000 spans into one row group
    assertThat(m.rowGroups()).isEqualTo((int) ((m.totalSpans() + rowsPerGroup - 1) / rowsPerGroup));
    ReadLog data = new ReadLog(small, "data.parquet");
    try (BlockReader reader = Vsk1Format.INSTANCE.openReader(data, m)) {
      for (Trace t : some) {
        data.reset();
        assertThat(reader.findTrace(t.traceId())).contains(TraceNormalizer.normalize(t));
        assertThat(data.reads.get()).isLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  void findTrace_firstLookup_readsTailOnceAndOneBloomShard() {
    ReadLog all = new ReadLog(store, "");
    try (BlockReader reader = Vsk1Format.INSTANCE.openReader(all, meta)) {
      reader.findTrace(traces.get(5).traceId());
      long first = all.reads.get();
      all.reset();
      reader.findTrace(traces.get(6).traceId());
      // first: bloom shard + tail + data; later: data only (shard may differ: +1)
      assertThat(first).isLessThanOrEqualTo(4);
      assertThat(all.reads.get()).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void findTrace_idOutsideMetaRange_noReads() {
    ReadLog all = new ReadLog(store, "");
    try (BlockReader reader = Vsk1Format.INSTANCE.openReader(all, meta)) {
      TraceId below = new TraceId(meta.minTraceId().high(), meta.minTraceId().low() - 1);
      TraceId above = new TraceId(meta.maxTraceId().high(), meta.maxTraceId().low() + 1);
      assertThat(reader.findTrace(below)).isEmpty();
      assertThat(reader.findTrace(above)).isEmpty();
      assertThat(all.reads.get()).isZero();
    }
  }

  @Test
  void findTrace_misses_bloomAnswersWithoutDataReads() {
    ReadLog data = new ReadLog(store, "data.parquet");
    Random random = new Random(3);
    try (BlockReader reader = Vsk1Format.INSTANCE.openReader(data, meta)) {
      int misses = 500;
      for (int i = 0; i < misses; i++) {
        TraceId id = new TraceId(random.nextLong(), random.nextLong());
        assertThat(reader.findTrace(id)).isEmpty();
      }
      // 1% false positives: a few lookups reach data (each at most tail + 2 reads)
      System.out.printf("misses: %d data reads for %d lookups%n", data.reads.get(), misses);
      assertThat(data.reads.get()).isLessThanOrEqualTo(3 * 20);
    }
  }
}
