package dev.skein.storage.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.skein.common.CorruptBlockException;
import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.block.TraceIdFilter;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tenant bloom index: its object format, and the writer over real vsk1 blocks. */
class TenantBloomsTest {

  static final String TENANT = "t";
  static final TraceIdFilter VSK1 = BlockFormats.forVersion("vsk1").traceIdFilter().orElseThrow();

  @TempDir Path tmp;
  ObjectStore store;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void open() {
    store = new LocalObjectStore(LocalObjectStoreConfig.of(tmp.resolve("store")));
  }

  static Trace trace(long n) {
    TraceId id = new TraceId(n * 0x9E3779B97F4A7C15L, n);
    Span span =
        Span.newBuilder()
            .setTraceId(id.toByteString())
            .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
            .setName("op")
            .setStartTimeUnixNano(1_000_000_000L * n)
            .setEndTimeUnixNano(1_000_000_000L * n + 5)
            .build();
    return new Trace(
        id,
        List.of(
            ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))
                .build()));
  }

  BlockMeta block(long from, int traces, BlockConfig config) {
    List<Trace> list = new ArrayList<>();
    for (long n = from; n < from + traces; n++) {
      list.add(trace(n));
    }
    list.sort((a, b) -> a.traceId().compareTo(b.traceId()));
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(store, NewBlock.level0(TENANT, tmp.resolve("work")), config)) {
      list.forEach(w::add);
      return w.complete();
    }
  }

  TenantBlooms partition(int p) {
    String key = TenantBlooms.key(TENANT, p);
    return TenantBlooms.read(key, store.get(key));
  }

  @Test
  void serialize_read_roundTrips() {
    TenantBlooms blooms =
        new TenantBlooms(
            4,
            1,
            42,
            Map.of(
                new UUID(1, 2),
                new TenantBlooms.BlockShards(
                    "vsk1", 6, Map.of(1, new byte[] {7}, 5, new byte[0]))));
    TenantBlooms read = TenantBlooms.read("k", blooms.serialize());
    assertThat(read.partitions()).isEqualTo(4);
    assertThat(read.partition()).isEqualTo(1);
    assertThat(read.generation()).isEqualTo(42);
    TenantBlooms.BlockShards b = read.blocks().get(new UUID(1, 2));
    assertThat(b.format()).isEqualTo("vsk1");
    assertThat(b.shardCount()).isEqualTo(6);
    assertThat(b.shards().get(1)).containsExactly(7);
    assertThat(b.shards().get(5)).isEmpty();
  }

  @Test
  void read_anyFlippedByteOrTruncation_throwsCorrupt() {
    byte[] good =
        new TenantBlooms(
                1,
                0,
                1,
                Map.of(
                    new UUID(3, 4),
                    new TenantBlooms.BlockShards("vsk1", 1, Map.of(0, new byte[] {1, 2, 3}))))
            .serialize();
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x10;
      assertThatThrownBy(() -> TenantBlooms.read("t/bloom-index/0", bad))
          .as("flipped byte %d", i)
          .isInstanceOf(CorruptBlockException.class)
          .hasMessageContaining("t/bloom-index/0");
    }
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
    assertThatThrownBy(() -> TenantBlooms.read("k", truncated))
        .isInstanceOf(CorruptBlockException.class);
  }

  @Test
  void write_coversEveryLiveBlock_thenSkipsWhenUnchanged() {
    List<BlockMeta> blocks =
        List.of(block(1, 20, BlockConfig.defaults()), block(100, 30, BlockConfig.defaults()));
    TenantBloomsWriter writer = new TenantBloomsWriter(store, 1 << 20, clock);

    TenantBloomsWriter.Result first = writer.write(TENANT, blocks);
    TenantBloomsWriter.Result again = writer.write(TENANT, blocks);

    assertThat(first.written()).isTrue();
    assertThat(first.blocks()).isEqualTo(2);
    assertThat(first.fetchedShards()).isEqualTo(2);
    assertThat(first.partitions()).isEqualTo(1);
    assertThat(again.written()).as("nothing changed: nothing rewritten").isFalse();
    TenantBlooms p0 = partition(0);
    for (BlockMeta meta : blocks) {
      byte[] own = store.get(meta.key(VSK1.shardObjectName(0)));
      assertThat(p0.blocks().get(meta.blockId()).shards().get(0)).isEqualTo(own);
    }
    TraceIdFilter.Shard shard =
        VSK1.parse("x", p0.blocks().get(blocks.get(1).blockId()).shards().get(0));
    for (long n = 100; n < 130; n++) {
      assertThat(shard.mightContain(trace(n).traceId())).isTrue();
    }
  }

  @Test
  void write_newAndRemovedBlocks_fetchesOnlyTheNewShards() {
    BlockMeta a = block(1, 20, BlockConfig.defaults());
    BlockMeta b = block(100, 20, BlockConfig.defaults());
    TenantBloomsWriter writer = new TenantBloomsWriter(store, 1 << 20, clock);
    writer.write(TENANT, List.of(a, b));
    BlockMeta c = block(200, 20, BlockConfig.defaults());

    TenantBloomsWriter.Result r = writer.write(TENANT, List.of(b, c));

    assertThat(r.written()).isTrue();
    assertThat(r.fetchedShards()).as("only block c is new").isEqualTo(1);
    assertThat(partition(0).blocks().keySet()).containsExactlyInAnyOrder(b.blockId(), c.blockId());
  }

  @Test
  void write_smallTarget_everyShardInExactlyItsPartition() {
    BlockConfig tinyShards = BlockConfig.defaults().withBloomShardBytes(64);
    BlockMeta a = block(1, 200, tinyShards);
    BlockMeta b = block(1000, 50, tinyShards);
    assertThat(a.bloomShards()).isGreaterThan(2);

    TenantBloomsWriter.Result r =
        new TenantBloomsWriter(store, 200, clock).write(TENANT, List.of(a, b));

    assertThat(r.partitions()).isGreaterThan(1);
    Map<UUID, Map<Integer, Integer>> seen = new HashMap<>();
    for (int p = 0; p < r.partitions(); p++) {
      TenantBlooms part = partition(p);
      assertThat(part.partitions()).isEqualTo(r.partitions());
      assertThat(part.generation()).isEqualTo(clock.millis());
      int partNo = p;
      part.blocks()
          .forEach(
              (id, shards) ->
                  shards
                      .shards()
                      .keySet()
                      .forEach(
                          s -> {
                            assertThat(s % r.partitions()).isEqualTo(partNo);
                            seen.computeIfAbsent(id, x -> new HashMap<>())
                                .merge(s, 1, Integer::sum);
                          }));
    }
    for (BlockMeta meta : List.of(a, b)) {
      assertThat(seen.get(meta.blockId()))
          .hasSize(meta.bloomShards())
          .allSatisfy((s, n) -> assertThat(n).isEqualTo(1));
    }
    // fewer partitions next time (a gone): the stale ones are deleted
    new TenantBloomsWriter(store, 1 << 20, clock).write(TENANT, List.of(b));
    assertThat(partition(0).partitions()).isEqualTo(1);
    assertThat(store.exists(TenantBlooms.key(TENANT, 1))).isFalse();
  }

  @Test
  void write_corruptPreviousIndex_rebuiltFromTheBlocks() {
    BlockMeta a = block(1, 20, BlockConfig.defaults());
    store.put(TenantBlooms.key(TENANT, 0), new byte[] {1, 2, 3});

    TenantBloomsWriter.Result r =
        new TenantBloomsWriter(store, 1 << 20, clock).write(TENANT, List.of(a));

    assertThat(r.written()).isTrue();
    assertThat(partition(0).blocks()).containsOnlyKeys(a.blockId());
  }

  @Test
  void write_blockWhoseShardIsGone_leftOut() {
    BlockMeta a = block(1, 20, BlockConfig.defaults());
    BlockMeta b = block(100, 20, BlockConfig.defaults());
    store.delete(b.key(VSK1.shardObjectName(0)));

    new TenantBloomsWriter(store, 1 << 20, clock).write(TENANT, List.of(a, b));

    assertThat(partition(0).blocks()).containsOnlyKeys(a.blockId());
  }
}
