package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.RandomTraces;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.view.OtlpTraceView;
import dev.skein.traceql.Query;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.eval.Evaluator;
import dev.skein.traceql.plan.Condition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * {@link BlockReader#filterTraces} on vsk1 blocks with many small row groups (traces straddle them)
 * and every attribute value kind: for single-span conditions on intrinsics, resource, scope and
 * span attributes (dedicated and generic), the returned rows are exactly the rows of the traces the
 * engine matches, whole; with index candidates, the same restricted to them.
 */
class FilterTracesTest {

  private static final String[] ATOMS = {
    "name = \"GET /cart\"",
    "name =~ \".*a.*\"",
    "name !~ \".*a.*\"",
    "status = error",
    "status != ok",
    "status = unset",
    "kind = server",
    "kind != client",
    "duration > 10ms",
    "duration <= 1ms",
    "statusMessage != \"\"",
    "resource.service.name = \"cart\"",
    "resource.service.name =~ \"c.*\"",
    "resource.service.name != \"frontend\"",
    "resource.cluster = nil",
    "resource.custom.key != nil",
    ".service.name = \"checkout\"",
    ".service.name = \"a\"",
    "span.http.method = \"GET\"",
    "span.http.method != \"GET\"",
    "span.http.method = nil",
    "span.http.method =~ \"G.*\"",
    "span.http.status_code >= 400",
    "span.http.status_code = 200",
    "span.server.port > 0",
    "span.custom.key = \"a\"",
    "span.custom.key != nil",
    "span.custom.key > 3",
    "span.empty = nil",
    "span.db.system = \"postgresql\"",
    ".http.route =~ \"/.*\"",
    ".db.system != nil",
    "span.custom.key = true",
    "instrumentation:name != \"\"",
    "instrumentation.custom.key != nil",
    "span.k8s.pod.name =~ \".*\"",
  };

  @TempDir Path dir;
  final InMemoryObjectStore store = new InMemoryObjectStore();
  final List<Trace> stored = new ArrayList<>();
  final List<int[]> traceRows = new ArrayList<>();
  BlockReader reader;

  @BeforeEach
  void block() {
    List<Trace> traces = new ArrayList<>(new ShopTraces(3).traces(300));
    traces.addAll(new RandomTraces(5).traces(200, 14));
    traces.sort(Comparator.comparing(Trace::traceId));
    BlockMeta meta;
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(
                store,
                NewBlock.level0("t", dir),
                BlockConfig.defaults().withRowGroupBytes(64 << 10))) {
      traces.forEach(w::add);
      meta = w.complete();
    }
    assertThat(meta.rowGroups()).isGreaterThan(5);
    reader = BlockFormats.forVersion(meta.format()).openReader(store, meta);
    int row = 0;
    try (TraceIterator it = reader.iterateTraces()) {
      while (it.hasNext()) {
        Trace t = it.next();
        int spans = new OtlpTraceView(t).spans().size();
        stored.add(t);
        traceRows.add(new int[] {row, row + spans});
        row += spans;
      }
    }
  }

  @Test
  void singleSpanConditions_keepExactlyTheMatchingTracesWhole() {
    Random random = new Random(9);
    int matched = 0;
    for (int q = 0; q < 150; q++) {
      String text =
          "{ "
              + ATOMS[random.nextInt(ATOMS.length)]
              + (random.nextBoolean() ? "" : " && " + ATOMS[random.nextInt(ATOMS.length)])
              + " }";
      Query query = TraceQL.parse(text);
      TraceFilter filter = new TraceFilter.Spans(conditions(query));
      RoaringBitmap expected = expectedRows(query, null);
      RoaringBitmap actual = reader.filterTraces(filter, null, SpanBounds.NONE);
      assertSameRows(text, actual, expected);
      matched += expected.getCardinality();
    }
    assertThat(matched).as("queries must match some rows").isGreaterThan(10_000);
  }

  @Test
  void alternativesAndTraceLevelParts_keepExactlyTheTracesSatisfyingThem() {
    Random random = new Random(4);
    for (int q = 0; q < 60; q++) {
      String a = ATOMS[random.nextInt(ATOMS.length)];
      String b = ATOMS[random.nextInt(ATOMS.length)];
      boolean either = random.nextBoolean();
      String text = either ? "{ " + a + " } || { " + b + " }" : "{ " + a + " } && { " + b + " }";
      TraceFilter fa = new TraceFilter.Spans(conditions(TraceQL.parse("{ " + a + " }")));
      TraceFilter fb = new TraceFilter.Spans(conditions(TraceQL.parse("{ " + b + " }")));
      TraceFilter filter =
          either ? new TraceFilter.Either(List.of(fa, fb)) : new TraceFilter.All(List.of(fa, fb));
      RoaringBitmap expected = expectedRows(TraceQL.parse(text), null);
      assertSameRows(text, reader.filterTraces(filter, null, SpanBounds.NONE), expected);
    }
  }

  @Test
  void withCandidateRows_onlyCandidateTracesAreKept() {
    RoaringBitmap candidates = new RoaringBitmap();
    for (int t = 0; t < traceRows.size(); t += 3) {
      candidates.add(traceRows.get(t)[0], (long) traceRows.get(t)[1]);
    }
    Query query = TraceQL.parse("{ status = error }");
    RoaringBitmap expected = expectedRows(query, candidates);
    assertThat(expected.isEmpty()).isFalse();
    assertThat(
            reader.filterTraces(
                new TraceFilter.Spans(conditions(query)), candidates, SpanBounds.NONE))
        .isEqualTo(expected);
  }

  @Test
  void boundsThatRuleOutRowGroups_stillKeepEveryMatchingTraceWhole() {
    Query query = TraceQL.parse("{ duration > 100ms }");
    SpanBounds bounds =
        new SpanBounds(
            List.of(
                SpanBounds.Bound.within(
                    SpanBounds.Field.DURATION_NANOS, 100_000_001L, Long.MAX_VALUE)));
    RoaringBitmap expected = expectedRows(query, null);
    RoaringBitmap actual =
        reader.filterTraces(new TraceFilter.Spans(conditions(query)), null, bounds);
    // traces kept because they run into a row group the statistics ruled out are extra, but whole
    assertThat(actual).isNotNull();
    RoaringBitmap missing = RoaringBitmap.andNot(expected, actual);
    assertThat(missing.isEmpty()).as("missing rows %s", missing).isTrue();
    for (int[] r : traceRows) {
      long in = actual.rangeCardinality(r[0], r[1]);
      assertThat(in == 0 || in == r[1] - r[0]).as("trace rows %s..%s whole", r[0], r[1]).isTrue();
    }
  }

  private static void assertSameRows(String query, RoaringBitmap actual, RoaringBitmap expected) {
    assertThat(actual).as(query).isNotNull();
    assertThat(RoaringBitmap.andNot(expected, actual).isEmpty())
        .as(
            "%s: rows of matching traces left out: %s",
            query, RoaringBitmap.andNot(expected, actual))
        .isTrue();
    assertThat(RoaringBitmap.andNot(actual, expected).isEmpty())
        .as("%s: extra rows kept: %s", query, RoaringBitmap.andNot(actual, expected))
        .isTrue();
  }

  private static List<Condition> conditions(Query q) {
    return q.conditions().conditions().stream().filter(c -> !c.isFetchOnly()).toList();
  }

  private RoaringBitmap expectedRows(Query query, RoaringBitmap candidates) {
    Evaluator evaluator = Evaluator.of(query);
    RoaringBitmap out = new RoaringBitmap();
    for (int t = 0; t < stored.size(); t++) {
      int[] r = traceRows.get(t);
      if ((candidates == null || candidates.contains(r[0]))
          && evaluator.matches(new OtlpTraceView(stored.get(t)))) {
        out.add(r[0], (long) r[1]);
      }
    }
    return out;
  }
}
