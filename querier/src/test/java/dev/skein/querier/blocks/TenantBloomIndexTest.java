package dev.skein.querier.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.querier.QuerierConfig;
import dev.skein.querier.search.SearchEngineTest;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.querier.trace.TraceByIdQuery;
import dev.skein.querier.trace.TraceByIdResult;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.storage.tenant.TenantBlooms;
import dev.skein.storage.tenant.TenantBloomsWriter;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold trace by id over many real vsk1 blocks, with and without the tenant bloom index: the index
 * replaces one bloom-shard read per block by one partition read, and a missing, corrupt or stale
 * index changes only the number of reads, never the answer.
 */
class TenantBloomIndexTest {

  static final String TENANT = "t";
  static final int BLOCKS = 40;

  @TempDir Path work;
  final InMemoryObjectStore store = new InMemoryObjectStore();
  final List<BlockMeta> metas = new ArrayList<>();

  BlockMeta write(List<Trace> traces) {
    List<Trace> sorted = traces.stream().sorted(Comparator.comparing(Trace::traceId)).toList();
    try (BlockWriter writer =
        BlockFormats.defaultForWrites()
            .newWriter(store, NewBlock.level0(TENANT, work), BlockConfig.defaults())) {
      sorted.forEach(writer::add);
      return writer.complete();
    }
  }

  /** Trace {@code n} with a spread-out id, so every block's id range covers most of the space. */
  static Trace trace(int n) {
    return spreadId(SearchEngineTest.trace(n, "cart", 100 + n, 5, false));
  }

  static Trace spreadId(Trace t) {
    long n = t.traceId().low();
    TraceId id = new TraceId(n * 0x9E3779B97F4A7C15L, n * 0xC2B2AE3D27D4EB4FL);
    List<ResourceSpans> out = new ArrayList<>();
    for (ResourceSpans rs : t.resourceSpans()) {
      ResourceSpans.Builder b = rs.toBuilder();
      for (ScopeSpans.Builder ss : b.getScopeSpansBuilderList()) {
        for (Span.Builder span : ss.getSpansBuilderList()) {
          span.setTraceId(id.toByteString());
        }
      }
      out.add(b.build());
    }
    return new Trace(id, out);
  }

  @BeforeEach
  void blocks() {
    for (int b = 0; b < BLOCKS; b++) {
      List<Trace> traces = new ArrayList<>();
      for (int t = 0; t < 10; t++) {
        traces.add(trace(b * 10 + t + 1));
      }
      metas.add(write(traces));
    }
  }

  /** A cold lookup: new block list, readers and index; returns the store reads it made. */
  Lookup coldLookup(TraceId id, boolean withIndex) {
    PolledBlockList list = new PolledBlockList(store);
    list.refresh();
    BlockReaders readers = new BlockReaders(store, 1000);
    TenantBloomIndex index = withIndex ? new TenantBloomIndex(store) : null;
    try (TraceByIdQuery q =
        new TraceByIdQuery(
            List.of(new BlockTraceSource(list, readers, index)), QuerierConfig.defaults())) {
      long before = store.reads();
      TraceByIdResult r = q.find(List.of(TENANT), id, TimeWindow.UNBOUNDED);
      return new Lookup(r, store.reads() - before);
    } finally {
      readers.close();
    }
  }

  record Lookup(TraceByIdResult result, long reads) {}

  @Test
  void coldLookup_withIndex_readsOnePartitionInsteadOfAShardPerBlock() {
    new TenantBloomsWriter(store).write(TENANT, metas);
    TraceId id = trace(155).traceId();

    Lookup without = coldLookup(id, false);
    Lookup with = coldLookup(id, true);

    assertThat(without.result().trace()).get().extracting(Trace::spanCount).isEqualTo(2);
    assertThat(with.result().trace()).isEqualTo(without.result().trace());
    assertThat(with.result().partial()).isFalse();
    assertThat(without.reads()).as("one bloom shard per block").isGreaterThanOrEqualTo(BLOCKS);
    assertThat(with.reads())
        .as("one partition, then the block holding the trace (and any false positive)")
        .isLessThan(8);
  }

  @Test
  void coldLookup_absentTrace_readsOnlyThePartition() {
    new TenantBloomsWriter(store).write(TENANT, metas);
    Lookup with = coldLookup(trace(100_000).traceId(), true);

    assertThat(with.result().trace()).isEmpty();
    assertThat(with.reads()).isLessThan(5);
  }

  @Test
  void coldLookup_corruptPartition_fallsBackToBlockShards() {
    new TenantBloomsWriter(store).write(TENANT, metas);
    byte[] bytes = store.get(TenantBlooms.key(TENANT, 0));
    bytes[bytes.length / 2] ^= 1;
    store.put(TenantBlooms.key(TENANT, 0), bytes);

    Lookup with = coldLookup(trace(155).traceId(), true);

    assertThat(with.result().trace()).get().extracting(Trace::spanCount).isEqualTo(2);
    assertThat(with.result().partial()).isFalse();
    assertThat(with.reads()).isGreaterThanOrEqualTo(BLOCKS);
  }

  @Test
  void coldLookup_noIndex_fallsBackToBlockShards() {
    Lookup with = coldLookup(trace(155).traceId(), true);

    assertThat(with.result().trace()).get().extracting(Trace::spanCount).isEqualTo(2);
    assertThat(with.reads()).isGreaterThanOrEqualTo(BLOCKS);
  }

  @Test
  void coldLookup_blockNewerThanIndex_stillFound() {
    new TenantBloomsWriter(store).write(TENANT, metas);
    Trace late = spreadId(SearchEngineTest.trace(123_456, "late", 900, 5, true));
    write(List.of(late));

    Lookup with = coldLookup(late.traceId(), true);

    assertThat(with.result().trace()).get().extracting(Trace::spanCount).isEqualTo(2);
    assertThat(with.reads()).as("partition + the new block's own shard and data").isLessThan(10);
  }

  @Test
  void refresh_newIndexWritten_preloadedAndUsed() {
    TenantBloomIndex index = new TenantBloomIndex(store);
    index.refresh(List.of(TENANT)); // nothing yet
    new TenantBloomsWriter(store).write(TENANT, metas);

    index.refresh(List.of(TENANT));
    long before = store.reads();
    var verdicts = index.test(TENANT, trace(100_000).traceId(), metas);

    assertThat(store.reads()).as("served from the preloaded partition").isEqualTo(before);
    assertThat(verdicts.values()).doesNotContain(TenantBloomIndex.Verdict.UNKNOWN);
    assertThat(index.ruledOut() + index.mayHold()).isEqualTo(BLOCKS);
    assertThat(index.uncovered()).isZero();
    assertThat(index.cachedBytes()).isPositive();
    assertThat(index.test(TENANT, trace(155).traceId(), metas).get(metas.get(15).blockId()))
        .isEqualTo(TenantBloomIndex.Verdict.MAYBE);
  }
}
