package dev.skein.storage.block.vsk1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.block.SpanBounds;
import dev.skein.storage.block.TraceFilter;
import dev.skein.storage.block.TraceIterator;
import dev.skein.storage.block.TraceProjection;
import dev.skein.testkit.AttrSlotTraces;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.ManyKeyTraces;
import dev.skein.testkit.RandomTraces;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import dev.skein.traceql.Query;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.plan.Condition;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * A block written with span shapes ({@link ShapeTable}) answers every read like the same traces
 * written without (every value in its column, {@link ShapeLimits#NONE}): traces by id and in order
 * (whole and projected), pushed-down filters, row-group pruning bounds and flat column scans. Also
 * with tiny limits, where columns spill to their real columns mid-block and the full table sends
 * new tuples to shape 0, on many small row groups and a mixed workload (shop traces, random OTLP
 * with unknown fields and odd values, slot-heavy and many-key traces).
 */
class ShapeDifferentialTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

  private static final String[] ATOMS = {
    "name = \"GET /cart\"",
    "name =~ \".*a.*\"",
    "name != \"GET /cart\"",
    "status = error",
    "status != ok",
    "kind = server",
    "kind != client",
    "kind = internal",
    "duration > 5ms",
    "resource.service.name = \"cart\"",
    "resource.service.name != \"frontend\"",
    "instrumentation:name != \"\"",
    "span.http.method = \"GET\"",
    "span.http.method = nil",
    "span.http.response.status_code >= 400",
    "span.http.status_code = 200",
    "span.http.route =~ \"/.*\"",
    "span.db.system = \"postgresql\"",
    ".db.system != nil",
    "span.rpc.service != nil",
    "span.server.port > 0",
    "span.key.1 = \"value-1\"",
    "span.key.2 > 0",
    "span.key.3 = true",
    "span.key.4 != nil",
    "span.custom.key = \"a\"",
    "span.custom.key != nil",
  };

  @TempDir Path dir;
  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final List<Trace> traces = new ArrayList<>();
  private BlockReader plain;

  @BeforeEach
  void traces() {
    traces.addAll(new ShopTraces(3).traces(400));
    traces.addAll(new RandomTraces(5).traces(150, 14));
    traces.addAll(new AttrSlotTraces(8).traces(150));
    ManyKeyTraces manyKeys = new ManyKeyTraces(4, 60);
    for (int t = 0; t < 100; t++) {
      traces.add(manyKeys.trace(new TraceId(0x5a5a_0000_0000_0000L + t, 77 + t)));
    }
    traces.sort(Comparator.comparing(Trace::traceId));
    plain = write("plain", ShapeLimits.NONE);
    assertThat(((Vsk1BlockReader) plain).shapes().size()).isEqualTo(1);
    assertThat(plain.meta().rowGroups()).as("many small row groups").isGreaterThan(5);
  }

  @Test
  void defaultShapes_answerEveryReadLikeNoShapes() {
    BlockReader shaped = write("shaped", ShapeLimits.DEFAULT);
    assertThat(((Vsk1BlockReader) shaped).shapes().size()).as("shapes").isGreaterThan(50);
    assertSameAnswers(shaped);
  }

  @Test
  void tinyLimits_spillAndFallBack_stillAnswerLikeNoShapes() {
    BlockReader shaped = write("tiny", new ShapeLimits(3, 6, 40, 1 << 20));
    assertThat(((Vsk1BlockReader) shaped).shapes().size()).isEqualTo(40);
    assertSameAnswers(shaped);
  }

  @Test
  void everyValueHighCardinality_blockNoLargerThanWithoutShapes_sameTraces() {
    List<Trace> unique = new ArrayList<>();
    long n = 0;
    for (int t = 0; t < 300; t++) {
      List<Span> spans = new ArrayList<>();
      TraceId id = new TraceId(0x7700_0000_0000_0000L, t + 1);
      for (int i = 0; i < 20; i++, n++) {
        spans.add(
            Span.newBuilder()
                .setTraceId(ByteString.copyFrom(id.toBytes()))
                .setSpanId(ByteString.copyFrom(new TraceId(n + 1, n).toBytes(), 0, 8))
                .setName("op-" + n)
                .setKindValue((int) (n % 6))
                .setStartTimeUnixNano(1_000_000L * n)
                .setEndTimeUnixNano(1_000_000L * n + 1_000 + n)
                .addAttributes(str("http.route", "/r/" + n))
                .addAttributes(str("custom.id", "c-" + n))
                .addAttributes(str("custom.other", "o-" + (n * 7)))
                .build());
      }
      unique.add(
          new Trace(
              id,
              List.of(
                  ResourceSpans.newBuilder()
                      .setResource(
                          Resource.newBuilder().addAttributes(str("service.name", "svc-" + t)))
                      .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))
                      .build())));
    }
    traces.clear();
    traces.addAll(unique);
    BlockReader with = assertNoLargerAndSameTraces("unique");
    // every column spills within its first 256 values; the table stays within its bounds
    assertThat(((Vsk1BlockReader) with).shapes().size())
        .isBetween(2, ShapeLimits.DEFAULT.maxShapes());
  }

  /**
   * Writes {@link #traces} with and without shapes: the block with shapes is at most 2% larger
   * (measured: smaller) and holds the same traces. Returns its reader.
   */
  private BlockReader assertNoLargerAndSameTraces(String name) {
    BlockReader without = write(name + "-plain", ShapeLimits.NONE);
    BlockReader with = write(name + "-shaped", ShapeLimits.DEFAULT);
    assertThat(with.meta().dataBytes())
        .as("data.parquet with shapes vs without (%d)", without.meta().dataBytes())
        .isLessThanOrEqualTo(without.meta().dataBytes() * 102 / 100);
    assertThat(all(with, TraceProjection.ALL)).isEqualTo(all(without, TraceProjection.ALL));
    return with;
  }

  @Test
  void independentLowCardinalityKeys_fillTheTable_blockNoLargerThanWithoutShapes() {
    // eight keys of 16 values each, drawn independently: 16^8 tuples, far past the table's bound
    Random random = new Random(3);
    traces.clear();
    for (int t = 0; t < 1_200; t++) {
      List<Span> spans = new ArrayList<>();
      TraceId id = new TraceId(0x6600_0000_0000_0000L, t + 1);
      for (int i = 0; i < 20; i++) {
        Span.Builder span =
            Span.newBuilder()
                .setTraceId(ByteString.copyFrom(id.toBytes()))
                .setSpanId(ByteString.copyFrom(new TraceId(t + 1, i).toBytes(), 8, 8))
                .setName("op")
                .setStartTimeUnixNano(1_000_000L * i)
                .setEndTimeUnixNano(1_000_000L * i + 500);
        for (int k = 0; k < 8; k++) {
          span.addAttributes(str("k" + k, "v" + random.nextInt(16)));
        }
        spans.add(span.build());
      }
      traces.add(
          new Trace(
              id,
              List.of(
                  ResourceSpans.newBuilder()
                      .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))
                      .build())));
    }
    BlockReader with = assertNoLargerAndSameTraces("combinations");
    assertThat(((Vsk1BlockReader) with).shapes().size()).isEqualTo(ShapeLimits.DEFAULT.maxShapes());
  }

  /**
   * The pushdown judges a condition once per shape ({@link ShapeVerdicts}) only where the shape
   * holds the value: rows after {@code http.route} spilled (shape cell "in column") are tested on
   * their column. Judged by their shape, where the cell holds no value, "= /r/30" would find
   * nothing and "= nil" every spilled row.
   */
  @Test
  void spilledCells_judgedByTheirColumn_notByTheirShape() {
    traces.clear();
    for (int t = 0; t < 40; t++) {
      TraceId id = new TraceId(0x4400_0000_0000_0000L, t + 1);
      Span span =
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(id.toBytes()))
              .setSpanId(ByteString.copyFrom(new TraceId(t + 1, 1).toBytes(), 8, 8))
              .setName("op")
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(1_000_000L * t)
              .setEndTimeUnixNano(1_000_000L * t + 500)
              .addAttributes(str("http.route", "/r/" + t))
              .build();
      traces.add(
          new Trace(
              id,
              List.of(
                  ResourceSpans.newBuilder()
                      .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))
                      .build())));
    }
    plain = write("spill-plain", ShapeLimits.NONE);
    Vsk1BlockReader shaped = (Vsk1BlockReader) write("spill", new ShapeLimits(3, 6, 100, 1 << 20));
    ShapeTable table = shaped.shapes();
    int route = table.column("span_http_route");
    assertThat(route).isNotNegative();
    assertThat(
            java.util.stream.IntStream.range(1, table.size())
                .filter(s -> table.code(s, route) == ShapeTable.IN_COLUMN_CODE)
                .count())
        .as("shapes whose route spilled to the column")
        .isPositive();
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put("span.http.route = \"/r/30\"", 1);
    expected.put("span.http.route = \"/r/1\"", 1);
    expected.put("span.http.route = nil", 0);
    expected.put("span.http.route != \"/r/1\" && name = \"op\"", 39);
    expected.put("span.http.route =~ \"/r/3.*\" && kind = server", 11);
    expected.forEach(
        (condition, count) -> {
          TraceFilter filter =
              new TraceFilter.Spans(conditions(TraceQL.parse("{ " + condition + " }")));
          RoaringBitmap rows = shaped.filterTraces(filter, null, SpanBounds.NONE);
          assertThat(rows.getCardinality()).as(condition).isEqualTo(count);
          assertThat(rows)
              .as(condition)
              .isEqualTo(plain.filterTraces(filter, null, SpanBounds.NONE));
        });
  }

  private static KeyValue str(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private void assertSameAnswers(BlockReader shaped) {
    assertThat(all(shaped, TraceProjection.ALL)).isEqualTo(all(plain, TraceProjection.ALL));
    TraceProjection lean = new TraceProjection(EnumSet.of(TraceProjection.Part.SCOPE));
    assertThat(all(shaped, lean)).isEqualTo(all(plain, lean));
    for (int t = 0; t < traces.size(); t += 7) {
      Trace trace = traces.get(t);
      assertThat(shaped.findTrace(trace.traceId()))
          .as("trace %s", trace.traceId())
          .isEqualTo(plain.findTrace(trace.traceId()));
    }
    Random random = new Random(11);
    for (int q = 0; q < 150; q++) {
      String text =
          "{ " + atom(random) + (random.nextBoolean() ? "" : " && " + atom(random)) + " }";
      TraceFilter filter = new TraceFilter.Spans(conditions(TraceQL.parse(text)));
      assertThat(shaped.filterTraces(filter, null, SpanBounds.NONE))
          .as(text)
          .isEqualTo(plain.filterTraces(filter, null, SpanBounds.NONE));
    }
    for (SpanBounds.Bound bound :
        List.of(
            SpanBounds.Bound.equalTo(SpanBounds.Field.NAME, "GET /cart"),
            SpanBounds.Bound.equalTo(SpanBounds.Field.NAME, "no such name"),
            SpanBounds.Bound.within(SpanBounds.Field.KIND, 2, 2),
            SpanBounds.Bound.within(SpanBounds.Field.STATUS_CODE, 2, 2))) {
      assertBoundsKeepEveryMatch(shaped, bound);
    }
    List<String> columns =
        List.of("name", "kind", "status_code", "presence", "attr_layout", "span_http_route");
    assertThat(scan(shaped, columns)).isEqualTo(scan(plain, columns));
  }

  /** Pruning by {@code bound} may keep extra whole traces, never lose a matching one. */
  private void assertBoundsKeepEveryMatch(BlockReader shaped, SpanBounds.Bound bound) {
    String condition =
        switch (bound.field()) {
          case NAME -> "name = \"" + bound.text() + "\"";
          case KIND -> "kind = server";
          case STATUS_CODE -> "status = error";
          case DURATION_NANOS -> throw new IllegalArgumentException();
        };
    TraceFilter filter = new TraceFilter.Spans(conditions(TraceQL.parse("{ " + condition + " }")));
    RoaringBitmap expected = plain.filterTraces(filter, null, SpanBounds.NONE);
    RoaringBitmap actual = shaped.filterTraces(filter, null, new SpanBounds(List.of(bound)));
    assertThat(RoaringBitmap.andNot(expected, actual).isEmpty()).as(condition).isTrue();
    List<Trace> read = new ArrayList<>();
    try (TraceIterator it =
        shaped.iterateTraces(TraceProjection.ALL, expected, new SpanBounds(List.of(bound)))) {
      it.forEachRemaining(read::add);
    }
    List<Trace> want = new ArrayList<>();
    try (TraceIterator it = plain.iterateTraces(TraceProjection.ALL, expected)) {
      it.forEachRemaining(want::add);
    }
    assertThat(read).as(condition).isEqualTo(want);
  }

  private BlockReader write(String name, ShapeLimits limits) {
    NewBlock block = new NewBlock("t", UUID.randomUUID(), 0, 0, dir.resolve(name));
    BlockConfig config = BlockConfig.defaults().withRowGroupBytes(64 << 10);
    BlockMeta meta;
    try (Vsk1BlockWriter w = new Vsk1BlockWriter(store, block, config, CLOCK, true, limits)) {
      traces.forEach(w::add);
      meta = w.complete();
    }
    return BlockFormats.forVersion(meta.format()).openReader(store, meta);
  }

  private static List<Trace> all(BlockReader reader, TraceProjection projection) {
    List<Trace> out = new ArrayList<>();
    try (TraceIterator it = reader.iterateTraces(projection, null)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static List<Map<String, Object>> scan(BlockReader reader, List<String> columns) {
    List<Map<String, Object>> out = new ArrayList<>();
    reader.scan(
        columns,
        null,
        row -> {
          Map<String, Object> values = new LinkedHashMap<>();
          values.put("#", row.row());
          for (String c : columns) {
            Object v = row.get(c);
            values.put(c, v instanceof byte[] b ? ByteBuffer.wrap(b) : v);
          }
          out.add(values);
        });
    return out;
  }

  private static String atom(Random random) {
    return ATOMS[random.nextInt(ATOMS.length)];
  }

  private static List<Condition> conditions(Query q) {
    return q.conditions().conditions().stream().filter(c -> !c.isFetchOnly()).toList();
  }
}
