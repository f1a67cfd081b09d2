package dev.skein.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.TraceIdFilter;
import dev.skein.storage.index.TagScope;
import dev.skein.storage.index.TagValue;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.storage.tenant.TenantBlooms;
import dev.skein.storage.tenant.TenantIndex;
import dev.skein.storage.tenant.TenantIndexJson;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceCombiner;
import dev.skein.trace.TraceId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * The compactor's behaviour over one object store; subclasses provide the store (in memory, S3).
 */
abstract class CompactorSuite {

  static final String TENANT = "acme";

  @TempDir Path tmp;
  final TestBlocks.MutableClock clock = new TestBlocks.MutableClock(TestBlocks.NOW);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** A fresh, empty store for each test. */
  abstract ObjectStore store();

  int maxInputBlocks = CompactorConfig.DEFAULT_MAX_INPUT_BLOCKS;

  CompactorConfig config() {
    CompactorConfig d = CompactorConfig.defaults();
    return new CompactorConfig(
        d.compactionWindow(),
        maxInputBlocks,
        d.minInputBlocks(),
        d.maxBlockBytes(),
        d.maxTraceBytes(),
        d.blockRetention(),
        Map.of(),
        d.compactedBlockRetention(),
        d.cyclePeriod(),
        d.blocklistPoll(),
        d.leaseDuration(),
        tmp.resolve("work"));
  }

  Compactor compactor(ObjectStore store, String owner) {
    return new Compactor(store, config(), TestBlocks.SMALL, registry, clock, owner);
  }

  /** Four input blocks: fresh traces each, traces split over blocks 0/1, duplicated in 2/3. */
  static List<List<Trace>> inputs(long seed) {
    ShopTraces shop = new ShopTraces(seed);
    List<List<Trace>> blocks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      blocks.add(new ArrayList<>(shop.traces(60)));
    }
    for (Trace t : shop.traces(15)) {
      Set<Span> first = new LinkedHashSet<>();
      List<Span> spans = TestBlocks.spans(t);
      for (int i = 0; i < spans.size(); i += 2) {
        first.add(spans.get(i));
      }
      blocks.get(0).add(filter(t, first::contains));
      blocks.get(1).add(filter(t, s -> !first.contains(s)));
    }
    for (Trace t : shop.traces(10)) {
      blocks.get(2).add(t);
      blocks.get(3).add(t);
    }
    return blocks;
  }

  static Trace filter(Trace t, Predicate<Span> keep) {
    List<ResourceSpans> out = new ArrayList<>();
    for (ResourceSpans rs : t.resourceSpans()) {
      ResourceSpans.Builder b = rs.toBuilder().clearScopeSpans();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        List<Span> kept = ss.getSpansList().stream().filter(keep).toList();
        if (!kept.isEmpty()) {
          b.addScopeSpans(ss.toBuilder().clearSpans().addAllSpans(kept));
        }
      }
      if (b.getScopeSpansCount() > 0) {
        out.add(b.build());
      }
    }
    return new Trace(t.traceId(), out);
  }

  List<BlockMeta> writeAll(ObjectStore store, List<List<Trace>> inputs) {
    List<BlockMeta> metas = new ArrayList<>();
    for (List<Trace> block : inputs) {
      metas.add(TestBlocks.write(store, TENANT, block, tmp, 0));
    }
    return metas;
  }

  @Test
  void runCycle_fourBlocks_everySpanExactlyOnceAndTraceByIdUnchanged() {
    ObjectStore store = store();
    List<List<Trace>> inputs = inputs(1);
    List<BlockMeta> before = writeAll(store, inputs);
    List<TraceId> ids = new ArrayList<>();
    inputs.forEach(b -> b.stream().limit(12).forEach(t -> ids.add(t.traceId())));
    inputs.get(1).stream().skip(100).forEach(t -> ids.add(t.traceId()));
    Map<TraceId, List<Span>> expected = new HashMap<>();
    for (TraceId id : ids) {
      expected.put(id, TestBlocks.sortedSpans(findAcross(store, before, id)));
    }

    Set<String> paymentSpansBefore = search(store, before, "service.name", "payment");
    Set<String> errorSpansBefore = search(store, before, "http.response.status_code", 500L);
    Set<TagValue> servicesBefore = tagValues(store, before, "service.name");

    int jobs = compactor(store, "c1").runCycle();

    assertThat(jobs).isEqualTo(1);
    List<BlockMeta> after = TestBlocks.live(store, TENANT);
    assertThat(after).hasSize(1);
    assertThat(after.get(0).compactionLevel()).isEqualTo(1);
    assertThat(TestBlocks.spanCounts(store, after)).isEqualTo(TestBlocks.distinctSpans(inputs));
    for (TraceId id : ids) {
      assertThat(TestBlocks.sortedSpans(findAcross(store, after, id)))
          .as("trace %s", id)
          .isEqualTo(expected.get(id));
    }
    assertThat(paymentSpansBefore).isNotEmpty();
    assertThat(search(store, after, "service.name", "payment")).isEqualTo(paymentSpansBefore);
    assertThat(search(store, after, "http.response.status_code", 500L)).isEqualTo(errorSpansBefore);
    assertThat(tagValues(store, after, "service.name")).isEqualTo(servicesBefore);
    assertThat(registry.get("skein.compactor.jobs").tag("outcome", "ok").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("skein.compactor.duplicate.spans").counter().count()).isPositive();
  }

  /**
   * The spans (trace id/span id) a search for {@code key = value} finds through each block's search
   * index (resource or span attribute) or, for unindexed keys, a scan.
   */
  static Set<String> search(ObjectStore store, List<BlockMeta> blocks, String key, Object value) {
    TagValue tag = value instanceof Long l ? TagValue.ofInt(l) : TagValue.string((String) value);
    TagScope scope = key.startsWith("service.") ? TagScope.RESOURCE : TagScope.SPAN;
    Set<String> found = new TreeSet<>();
    for (BlockMeta meta : blocks) {
      try (BlockReader r = BlockFormats.forVersion(meta.format()).openReader(store, meta)) {
        Optional<RoaringBitmap> rows = r.searchIndex().rows(scope, key, tag);
        assertThat(rows).as("%s indexed in %s", key, meta.blockId()).isPresent();
        // The index gives candidate rows (every span of each matching trace); the predicate is
        // applied to the projected column (the stored resource header for a resource attribute,
        // the dedicated column for a span attribute), as a query would.
        String column = scope == TagScope.RESOURCE ? "resource" : "span_" + key.replace('.', '_');
        r.scan(
            List.of("trace_id", "span_id", column),
            rows.get(),
            row -> {
              Object v =
                  scope == TagScope.RESOURCE
                      ? resourceAttribute((byte[]) row.get(column), key)
                      : row.get(column);
              Object want = value instanceof Long l ? (Object) l.intValue() : value;
              if (v != null && (v.equals(want) || v.equals(value))) {
                found.add(
                    HexFormat.of().formatHex((byte[]) row.get("trace_id"))
                        + "/"
                        + HexFormat.of().formatHex((byte[]) row.get("span_id")));
              }
            });
      }
    }
    return found;
  }

  private static @Nullable String resourceAttribute(byte[] header, String key) {
    try {
      return ResourceSpans.parseFrom(header).getResource().getAttributesList().stream()
          .filter(kv -> kv.getKey().equals(key))
          .map(kv -> kv.getValue().getStringValue())
          .findFirst()
          .orElse(null);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static Set<TagValue> tagValues(ObjectStore store, List<BlockMeta> blocks, String key) {
    Set<TagValue> values = new TreeSet<>();
    for (BlockMeta meta : blocks) {
      try (BlockReader r = BlockFormats.forVersion(meta.format()).openReader(store, meta)) {
        values.addAll(r.searchIndex().tagValues(TagScope.RESOURCE, key));
      }
    }
    return values;
  }

  @Test
  void runCycle_traceSplitAcrossBlocks_traceLevelColumnsOfWholeTrace() {
    ObjectStore store = store();
    Trace whole = new ShopTraces(7).next();
    List<Span> spans = TestBlocks.spans(whole);
    Span root = spans.stream().filter(s -> s.getParentSpanId().isEmpty()).findFirst().orElseThrow();
    long start = spans.stream().mapToLong(Span::getStartTimeUnixNano).min().orElseThrow();
    long end = spans.stream().mapToLong(Span::getEndTimeUnixNano).max().orElseThrow();
    Trace children = filter(whole, s -> !s.equals(root));
    Trace rootOnly = filter(whole, s -> s.equals(root));
    ShopTraces other = new ShopTraces(8);
    List<Trace> a = new ArrayList<>(other.traces(5));
    a.add(rootOnly);
    List<Trace> b = new ArrayList<>(other.traces(5));
    b.add(children);
    TestBlocks.write(store, TENANT, a, tmp, 0);
    TestBlocks.write(store, TENANT, b, tmp, 0);

    compactor(store, "c1").runCycle();

    List<BlockMeta> after = TestBlocks.live(store, TENANT);
    assertThat(after).hasSize(1);
    Map<String, Object> values = new HashMap<>();
    try (BlockReader r = BlockFormats.forVersion("vsk1").openReader(store, after.get(0))) {
      r.scan(
          List.of(
              "trace_id", "trace_duration_nano", "trace_root_span_name", "trace_start_unix_nano"),
          null,
          row -> {
            // duration and root name sit on the first row of a trace only
            if (TraceId.fromBytes((byte[]) row.get("trace_id")).equals(whole.traceId())
                && row.get("trace_duration_nano") != null) {
              values.put("duration", row.get("trace_duration_nano"));
              values.put("root", row.get("trace_root_span_name"));
              values.put("start", row.get("trace_start_unix_nano"));
            }
          });
      assertThat(r.findTrace(whole.traceId()).map(TestBlocks::sortedSpans))
          .contains(TestBlocks.sortedSpans(whole));
    }
    assertThat(values)
        .containsEntry("duration", end - start)
        .containsEntry("root", root.getName())
        .containsEntry("start", start);
  }

  @Test
  void runCycle_blockPastRetention_hiddenThenDeletedAfterCompactedRetention() {
    ObjectStore store = store();
    BlockMeta old = TestBlocks.write(store, TENANT, new ShopTraces(3).traces(5), tmp, 0);
    Compactor compactor = compactor(store, "c1");
    clock.advance(CompactorConfig.DEFAULT_BLOCK_RETENTION.plusHours(1));

    compactor.runCycle();

    assertThat(TestBlocks.live(store, TENANT)).isEmpty();
    assertThat(store.list(old.prefix())).contains(old.key(PolledBlockList.COMPACTED_MARKER));
    assertThat(readIndex(store).compacted())
        .singleElement()
        .satisfies(c -> assertThat(c.meta().blockId()).isEqualTo(old.blockId()));

    clock.advance(CompactorConfig.DEFAULT_COMPACTED_BLOCK_RETENTION.plusMinutes(1));
    compactor.runCycle();

    assertThat(store.list(old.prefix())).isEmpty();
    assertThat(readIndex(store).live()).isEmpty();
    assertThat(readIndex(store).compacted()).isEmpty();
  }

  @Test
  void runCycle_tenantOverride_onlyThatTenantExpired() {
    ObjectStore store = store();
    TestBlocks.write(store, "short", new ShopTraces(3).traces(5), tmp, 0);
    TestBlocks.write(store, "long", new ShopTraces(4).traces(5), tmp, 0);
    CompactorConfig base = config();
    CompactorConfig cfg =
        new CompactorConfig(
            base.compactionWindow(),
            base.maxInputBlocks(),
            base.minInputBlocks(),
            base.maxBlockBytes(),
            base.maxTraceBytes(),
            base.blockRetention(),
            Map.of("short", Duration.ofDays(1)),
            base.compactedBlockRetention(),
            base.cyclePeriod(),
            base.blocklistPoll(),
            base.leaseDuration(),
            base.workDir());
    clock.advance(Duration.ofDays(2));

    new Compactor(store, cfg, TestBlocks.SMALL, registry, clock, "c1").runCycle();

    assertThat(TestBlocks.live(store, "short")).isEmpty();
    assertThat(TestBlocks.live(store, "long")).hasSize(1);
  }

  @Test
  void runCycle_afterCompaction_indexListsOutputAndCompactedInputs() {
    ObjectStore store = store();
    List<BlockMeta> before = writeAll(store, inputs(2));

    compactor(store, "c1").runCycle();

    TenantIndex index = readIndex(store);
    assertThat(index.live()).hasSize(1);
    assertThat(index.compacted())
        .extracting(c -> c.meta().blockId())
        .containsExactlyInAnyOrderElementsOf(before.stream().map(BlockMeta::blockId).toList());
    PolledBlockList fromIndex = new PolledBlockList(store, Duration.ofMinutes(15), clock);
    fromIndex.refresh();
    assertThat(fromIndex.blocks(TENANT)).isEqualTo(index.live());
  }

  @Test
  void runCycle_writesBloomIndexOfTheLiveBlocks_thatKnowsEveryTrace() {
    ObjectStore store = store();
    List<List<Trace>> inputs = inputs(4);
    writeAll(store, inputs);

    compactor(store, "c1").runCycle();

    TenantIndex index = readIndex(store);
    String key = TenantBlooms.key(TENANT, 0);
    TenantBlooms blooms = TenantBlooms.read(key, store.get(key));
    assertThat(blooms.partitions()).isEqualTo(1);
    assertThat(blooms.blocks().keySet())
        .containsExactlyInAnyOrderElementsOf(
            index.live().stream().map(BlockMeta::blockId).toList());
    BlockMeta output = index.live().get(0);
    TraceIdFilter filter = BlockFormats.forVersion(output.format()).traceIdFilter().orElseThrow();
    TenantBlooms.BlockShards shards = blooms.blocks().get(output.blockId());
    for (List<Trace> block : inputs) {
      for (Trace t : block) {
        int shard = filter.shardOf(t.traceId(), output.bloomShards());
        assertThat(filter.parse(key, shards.shards().get(shard)).mightContain(t.traceId()))
            .as("trace %s", t.traceId())
            .isTrue();
      }
    }

    compactor(store, "c1").runCycle();

    assertThat(TenantBlooms.read(key, store.get(key)).generation())
        .as("nothing changed: the bloom index is not rewritten")
        .isEqualTo(blooms.generation());
  }

  @Test
  void runCycle_twoCompactorsConcurrently_everySpanExactlyOnce() throws Exception {
    ObjectStore store = store();
    List<List<Trace>> inputs = new ArrayList<>(inputs(5));
    inputs.addAll(inputs(6));
    writeAll(store, inputs);
    Compactor a = compactor(store, "a");
    Compactor b = compactor(store, "b");

    for (int round = 0; round < 3; round++) {
      CompletableFuture<Integer> ra = CompletableFuture.supplyAsync(a::runCycle);
      CompletableFuture<Integer> rb = CompletableFuture.supplyAsync(b::runCycle);
      ra.get();
      rb.get();
    }

    List<BlockMeta> live = TestBlocks.live(store, TENANT);
    assertThat(live).hasSizeLessThan(inputs.size());
    assertThat(TestBlocks.spanCounts(store, live)).isEqualTo(TestBlocks.distinctSpans(inputs));
    assertThat(registry.get("skein.compactor.jobs").tag("outcome", "failed").counter().count())
        .isZero();
  }

  @Test
  void runCycle_twoCompactorsSmallJobs_manyLevelsEverySpanExactlyOnce() throws Exception {
    maxInputBlocks = 2;
    ObjectStore store = store();
    List<List<Trace>> inputs = new ArrayList<>();
    ShopTraces shop = new ShopTraces(9);
    List<Trace> everywhere = shop.traces(3);
    for (int i = 0; i < 8; i++) {
      List<Trace> block = new ArrayList<>(shop.traces(8));
      block.addAll(everywhere);
      inputs.add(block);
    }
    writeAll(store, inputs);
    Compactor a = compactor(store, "a");
    Compactor b = compactor(store, "b");

    for (int round = 0; round < 4; round++) {
      CompletableFuture<Integer> ra = CompletableFuture.supplyAsync(a::runCycle);
      CompletableFuture<Integer> rb = CompletableFuture.supplyAsync(b::runCycle);
      ra.get();
      rb.get();
    }

    List<BlockMeta> live = TestBlocks.live(store, TENANT);
    assertThat(live).hasSize(1);
    assertThat(TestBlocks.spanCounts(store, live)).isEqualTo(TestBlocks.distinctSpans(inputs));
  }

  static Trace findAcross(ObjectStore store, List<BlockMeta> blocks, TraceId id) {
    List<Trace> parts = new ArrayList<>();
    for (BlockMeta meta : blocks) {
      try (BlockReader r = BlockFormats.forVersion(meta.format()).openReader(store, meta)) {
        Optional<Trace> t = r.findTrace(id);
        t.ifPresent(parts::add);
      }
    }
    return TraceCombiner.combine(id, parts);
  }

  static TenantIndex readIndex(ObjectStore store) {
    String key = TenantIndex.key(TENANT);
    return TenantIndexJson.read(key, store.get(key));
  }
}
