package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.storage.block.SpanBounds.Bound;
import dev.skein.storage.block.SpanBounds.Field;
import dev.skein.storage.index.TagScope;
import dev.skein.storage.index.TagValue;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.OtlpSpans;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/** Projected, row-selected and statistics-pruned trace reads of a vsk1 block. */
class ProjectedReadTest {

  private static final int TRACES = 1_500;

  @TempDir Path dir;
  final InMemoryObjectStore store = new InMemoryObjectStore();
  final List<Trace> traces = new ArrayList<>();
  BlockReader reader;

  /**
   * The first half of the traces has 1 ms spans, the second 2 s spans; every 10th has an error
   * span.
   */
  @BeforeEach
  void block() {
    java.util.Random random = new java.util.Random(5);
    for (int t = 0; t < TRACES; t++) {
      long duration = t < TRACES / 2 ? 1_000_000L : 2_000_000_000L;
      List<Span> spans = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        Span.Builder b =
            OtlpSpans.span(OtlpSpans.hex(t), OtlpSpans.spanHex(t * 10 + s), "op" + s).toBuilder();
        b.setStartTimeUnixNano(1_000_000_000L * t + s)
            .setEndTimeUnixNano(1_000_000_000L * t + s + duration);
        if (s == 3 && t % 10 == 0) {
          b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
        }
        b.addAttributes(OtlpSpans.attr("payload", Long.toHexString(random.nextLong())));
        b.addEvents(Span.Event.newBuilder().setName("e").setTimeUnixNano(b.getStartTimeUnixNano()));
        spans.add(b.build());
      }
      ResourceSpans rs = OtlpSpans.resourceSpans("svc" + (t % 3), spans);
      traces.add(new Trace(TraceId.parseHex(OtlpSpans.hex(t)), List.of(rs)));
    }
    // tiny row groups: many per block, traces straddling them
    BlockConfig config = new BlockConfig(64 << 10, 4096, 50, 0.01, 256, 50, 3);
    BlockMeta meta;
    try (BlockWriter w =
        BlockFormats.defaultForWrites().newWriter(store, NewBlock.level0("t", dir), config)) {
      traces.forEach(w::add);
      meta = w.complete();
    }
    assertThat(meta.rowGroups()).isGreaterThan(5);
    reader = BlockFormats.forVersion(meta.format()).openReader(store, meta);
  }

  private List<Trace> read(TraceProjection p, RoaringBitmap rows, SpanBounds bounds) {
    List<Trace> out = new ArrayList<>();
    try (TraceIterator it = reader.iterateTraces(p, rows, bounds)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void boundsOnDuration_skipRowGroupsButReturnWholeTraces() {
    List<Trace> read =
        read(
            TraceProjection.ALL,
            null,
            new SpanBounds(
                List.of(Bound.within(Field.DURATION_NANOS, 1_000_000_000L, Long.MAX_VALUE))));
    assertThat(read.size()).as("row groups of short traces skipped").isLessThan(TRACES * 3 / 4);
    assertThat(read)
        .containsAll(
            traces.subList(TRACES / 2, TRACES).stream().map(TraceNormalizer::normalize).toList());
    for (Trace t : read) {
      // every returned trace is whole, including one that straddles a skipped row group
      assertThat(t).isEqualTo(TraceNormalizer.normalize(traces.get(index(t))));
    }
  }

  @Test
  void boundsNoRowGroupCanMeet_nothingRead() {
    assertThat(
            read(
                TraceProjection.ALL,
                null,
                new SpanBounds(List.of(Bound.equalTo(Field.NAME, "zzz")))))
        .isEmpty();
    assertThat(
            read(
                TraceProjection.ALL, null, new SpanBounds(List.of(Bound.within(Field.KIND, 3, 3)))))
        .as("no span is a client span")
        .isEmpty();
  }

  @Test
  void projection_leavesOutUnrequestedParts_keepsTheCore() {
    List<Trace> core = read(new TraceProjection(Set.of()), null, SpanBounds.NONE);
    assertThat(core).hasSize(TRACES);
    for (Trace t : core) {
      Trace whole = TraceNormalizer.normalize(traces.get(index(t)));
      List<Span> got = spans(t);
      List<Span> want = spans(whole);
      assertThat(got).hasSameSizeAs(want);
      for (int i = 0; i < got.size(); i++) {
        Span expected = want.get(i).toBuilder().clearAttributes().clearEvents().build();
        assertThat(got.get(i)).isEqualTo(expected);
      }
      assertThat(t.resourceSpans().get(0).getResource())
          .isEqualTo(whole.resourceSpans().get(0).getResource());
    }
  }

  @Test
  void rowSelection_returnsExactlyTheSelectedTraces() {
    RoaringBitmap rows =
        reader
            .searchIndex()
            .rows(TagScope.INTRINSIC, "status", TagValue.string("error"))
            .orElseThrow();
    List<Trace> read = read(TraceProjection.ALL, rows, SpanBounds.NONE);
    List<Trace> expected = new ArrayList<>();
    for (int t = 0; t < TRACES; t += 10) {
      expected.add(TraceNormalizer.normalize(traces.get(t)));
    }
    assertThat(read).containsExactlyElementsOf(expected);
  }

  private int index(Trace t) {
    for (int i = 0; i < traces.size(); i++) {
      if (traces.get(i).traceId().equals(t.traceId())) {
        return i;
      }
    }
    throw new AssertionError("unknown trace " + t.traceId());
  }

  private static List<Span> spans(Trace t) {
    return t.resourceSpans().stream()
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .flatMap(ss -> ss.getSpansList().stream())
        .toList();
  }
}
