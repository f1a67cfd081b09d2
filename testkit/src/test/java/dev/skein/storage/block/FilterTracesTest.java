package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.testkit.AttrSlotTraces;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.RandomTraces;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.view.OtlpTraceView;
import dev.skein.traceql.Query;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.eval.Evaluator;
import dev.skein.traceql.plan.Condition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * {@link BlockReader#filterTraces} on vsk1 blocks with many small row groups (traces straddle them)
 * and every attribute value kind: for single-span conditions on intrinsics, resource, scope and
 * span attributes, the returned rows are exactly the rows of the traces the engine matches, whole;
 * with index candidates, the same restricted to them. Span attributes sit in every place vsk1 puts
 * them: fixed dedicated columns (with values of the other type next to them), per-block string, int
 * and hex slot columns, and the generic list (keys that found no slot, doubles, duplicates), on a
 * block of mixed workloads and on one of {@link AttrSlotTraces} alone.
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

  /**
   * Conditions on the keys of {@link AttrSlotTraces}: strings, hex strings of odd and even length,
   * ints, bools and doubles under keys that sit in string, hex and int slots or in the generic
   * list, and fixed dedicated keys holding values of the other type.
   */
  private static final String[] SLOT_ATOMS = {
    "span.%s = \"value-1\"",
    "span.%s != \"value-1\"",
    "span.%s =~ \"value-[0-2]\"",
    "span.%s = \"abcdef0123456789a\"",
    "span.%s = \"abcdef0123456789ab\"",
    "span.%s =~ \"abcdef.*\"",
    "span.%s !~ \"[0-9a-f]*\"",
    "span.%s > 0",
    "span.%s <= 0",
    "span.%s = true",
    "span.%s = false",
    "span.%s != nil",
    "span.%s = nil",
    "span.%s < 0.5",
    ".%s = \"value-2\"",
    ".%s != nil",
  };

  private static final String[] FIXED_MIXED_ATOMS = {
    "span.http.route = \"/r1\"",
    "span.http.route = 1",
    "span.http.route != nil",
    "span.server.port = 2",
    "span.server.port = \"/r0\"",
    "span.server.port =~ \"/r.*\"",
  };

  @TempDir Path dir;
  final InMemoryObjectStore store = new InMemoryObjectStore();
  final List<Block> blocks = new ArrayList<>();

  /** A written block and its traces as read back, with their row ranges. */
  record Block(
      String name, BlockMeta meta, BlockReader reader, List<Trace> stored, List<int[]> rows) {}

  @BeforeEach
  void blocks() {
    List<Trace> mixed = new ArrayList<>(new ShopTraces(3).traces(300));
    mixed.addAll(new RandomTraces(5).traces(200, 14));
    mixed.addAll(new AttrSlotTraces(8).traces(150));
    blocks.add(write("mixed", mixed));
    blocks.add(write("slots", new AttrSlotTraces(6).traces(400)));
  }

  private Block write(String name, List<Trace> traces) {
    traces.sort(Comparator.comparing(Trace::traceId));
    BlockMeta meta;
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(
                store,
                NewBlock.level0("t", dir.resolve(name)),
                BlockConfig.defaults().withRowGroupBytes(64 << 10))) {
      traces.forEach(w::add);
      meta = w.complete();
    }
    assertThat(meta.rowGroups()).as(name).isGreaterThan(5);
    BlockReader reader = BlockFormats.forVersion(meta.format()).openReader(store, meta);
    List<Trace> stored = new ArrayList<>();
    List<int[]> traceRows = new ArrayList<>();
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
    return new Block(name, meta, reader, stored, traceRows);
  }

  /** An atom on any kind of field, a third of them on the slot keys. */
  private static String atom(Random random) {
    return switch (random.nextInt(6)) {
      case 0 ->
          SLOT_ATOMS[random.nextInt(SLOT_ATOMS.length)].formatted(
              "key." + random.nextInt(AttrSlotTraces.KEYS));
      case 1 -> FIXED_MIXED_ATOMS[random.nextInt(FIXED_MIXED_ATOMS.length)];
      default -> ATOMS[random.nextInt(ATOMS.length)];
    };
  }

  @Test
  void slotBlock_holdsTheQueriedKeysInStringIntAndHexSlotsAndInTheGenericList() throws Exception {
    Block slots = blocks.get(1);
    Map<Character, List<String>> assigned = slotAssignment(slots.meta());
    assertThat(assigned.get('s')).as("string slots").hasSize(16);
    assertThat(assigned.get('i')).as("int slots").hasSize(8);
    assertThat(assigned.get('h')).as("hex slots").hasSize(4);
    // 40 keys of every kind: the keys that found no slot keep their values in the generic list
    Set<String> slotted = new java.util.HashSet<>(assigned.get('s'));
    assertThat(slotted).hasSizeLessThan(AttrSlotTraces.KEYS);
    long genericStrings =
        slots.stored().stream()
            .flatMap(t -> new OtlpTraceView(t).spans().stream())
            .flatMap(s -> s.span().getAttributesList().stream())
            .filter(kv -> kv.getValue().hasStringValue() && !slotted.contains(kv.getKey()))
            .count();
    assertThat(genericStrings).as("string values of keys without a string slot").isPositive();
  }

  /**
   * The slot assignment recorded in a block's footer ({@code skein.attr_slots}: per slot {@code
   * <kind letter><slot>:<key length>:<key>}), by kind letter.
   */
  private Map<Character, List<String>> slotAssignment(BlockMeta meta) throws Exception {
    Path file = dir.resolve(meta.prefix().replace('/', '_') + ".parquet");
    Files.write(file, store.get(meta.key("data.parquet")));
    String s;
    LocalInputFile in = new LocalInputFile(file);
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    try (var stream = in.newStream()) {
      s =
          ParquetFileReader.readFooter(in, options, stream)
              .getFileMetaData()
              .getKeyValueMetaData()
              .get("skein.attr_slots");
    }
    Map<Character, List<String>> out = new java.util.HashMap<>();
    int i = 0;
    while (i < s.length()) {
      int colon = s.indexOf(':', i);
      int colon2 = s.indexOf(':', colon + 1);
      int length = Integer.parseInt(s.substring(colon + 1, colon2));
      out.computeIfAbsent(s.charAt(i), k -> new ArrayList<>())
          .add(s.substring(colon2 + 1, colon2 + 1 + length));
      i = colon2 + 1 + length;
    }
    return out;
  }

  @Test
  void singleSpanConditions_keepExactlyTheMatchingTracesWhole() {
    for (Block block : blocks) {
      Random random = new Random(9);
      int matched = 0;
      for (int q = 0; q < 200; q++) {
        String text =
            "{ " + atom(random) + (random.nextBoolean() ? "" : " && " + atom(random)) + " }";
        Query query = TraceQL.parse(text);
        TraceFilter filter = new TraceFilter.Spans(conditions(query));
        RoaringBitmap expected = expectedRows(block, query, null);
        RoaringBitmap actual = block.reader().filterTraces(filter, null, SpanBounds.NONE);
        assertSameRows(block.name() + " " + text, actual, expected);
        matched += expected.getCardinality();
      }
      assertThat(matched).as("queries must match some rows").isGreaterThan(10_000);
    }
  }

  @Test
  void everySlotCondition_onEveryKey_keepsExactlyTheMatchingTraces() {
    for (Block block : blocks) {
      for (int key = 0; key < AttrSlotTraces.KEYS; key++) {
        for (String atom : SLOT_ATOMS) {
          String text = "{ " + atom.formatted("key." + key) + " }";
          Query query = TraceQL.parse(text);
          assertSameRows(
              block.name() + " " + text,
              block
                  .reader()
                  .filterTraces(new TraceFilter.Spans(conditions(query)), null, SpanBounds.NONE),
              expectedRows(block, query, null));
        }
      }
    }
  }

  @Test
  void alternativesAndTraceLevelParts_keepExactlyTheTracesSatisfyingThem() {
    for (Block block : blocks) {
      Random random = new Random(4);
      for (int q = 0; q < 60; q++) {
        String a = atom(random);
        String b = atom(random);
        boolean either = random.nextBoolean();
        String text = either ? "{ " + a + " } || { " + b + " }" : "{ " + a + " } && { " + b + " }";
        TraceFilter fa = new TraceFilter.Spans(conditions(TraceQL.parse("{ " + a + " }")));
        TraceFilter fb = new TraceFilter.Spans(conditions(TraceQL.parse("{ " + b + " }")));
        TraceFilter filter =
            either ? new TraceFilter.Either(List.of(fa, fb)) : new TraceFilter.All(List.of(fa, fb));
        RoaringBitmap expected = expectedRows(block, TraceQL.parse(text), null);
        assertSameRows(
            block.name() + " " + text,
            block.reader().filterTraces(filter, null, SpanBounds.NONE),
            expected);
      }
    }
  }

  @Test
  void withCandidateRows_onlyCandidateTracesAreKept() {
    Block block = blocks.get(0);
    RoaringBitmap candidates = new RoaringBitmap();
    for (int t = 0; t < block.rows().size(); t += 3) {
      candidates.add(block.rows().get(t)[0], (long) block.rows().get(t)[1]);
    }
    Query query = TraceQL.parse("{ status = error }");
    RoaringBitmap expected = expectedRows(block, query, candidates);
    assertThat(expected.isEmpty()).isFalse();
    assertThat(
            block
                .reader()
                .filterTraces(
                    new TraceFilter.Spans(conditions(query)), candidates, SpanBounds.NONE))
        .isEqualTo(expected);
  }

  @Test
  void boundsThatRuleOutRowGroups_stillKeepEveryMatchingTraceWhole() {
    Block block = blocks.get(0);
    Query query = TraceQL.parse("{ duration > 100ms }");
    SpanBounds bounds =
        new SpanBounds(
            List.of(
                SpanBounds.Bound.within(
                    SpanBounds.Field.DURATION_NANOS, 100_000_001L, Long.MAX_VALUE)));
    RoaringBitmap expected = expectedRows(block, query, null);
    RoaringBitmap actual =
        block.reader().filterTraces(new TraceFilter.Spans(conditions(query)), null, bounds);
    // traces kept because they run into a row group the statistics ruled out are extra, but whole
    assertThat(actual).isNotNull();
    RoaringBitmap missing = RoaringBitmap.andNot(expected, actual);
    assertThat(missing.isEmpty()).as("missing rows %s", missing).isTrue();
    for (int[] r : block.rows()) {
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

  private static RoaringBitmap expectedRows(Block block, Query query, RoaringBitmap candidates) {
    Evaluator evaluator = Evaluator.of(query);
    RoaringBitmap out = new RoaringBitmap();
    for (int t = 0; t < block.stored().size(); t++) {
      int[] r = block.rows().get(t);
      if ((candidates == null || candidates.contains(r[0]))
          && evaluator.matches(new OtlpTraceView(block.stored().get(t)))) {
        out.add(r[0], (long) r[1]);
      }
    }
    return out;
  }
}
