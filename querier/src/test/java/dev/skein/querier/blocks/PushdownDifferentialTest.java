package dev.skein.querier.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.api.v1.TraceSearchMetadata;
import dev.skein.querier.search.SearchEngine;
import dev.skein.querier.search.SearchJob;
import dev.skein.querier.search.SearchPlan;
import dev.skein.querier.search.TraceListJob;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.block.TraceIterator;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.testkit.AttrSlotTraces;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.RandomTraces;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of the block search path: for generated queries over generated blocks (the shop
 * workload, random OTLP with every value kind, and span attributes in per-block string, int and hex
 * slot columns and the generic list; small row groups so traces straddle them), the pushdown path
 * ({@link BlockSearchSource}: index candidates, projected columns, streamed traces) must return
 * exactly the results of evaluating the query on every whole trace of the block, spansets, selected
 * attributes and statistics included; with pushdown on (conditions evaluated on the block's columns
 * first, {@link dev.skein.storage.block.BlockReader#filterTraces}) and off.
 */
class PushdownDifferentialTest {

  private static final String[] SERVICES = {"frontend", "cart", "checkout", "payment", "nowhere"};
  private static final String[] STRINGS = {"GET", "POST", "", "a", "select * from t", "/cart"};

  @TempDir Path work;
  final InMemoryObjectStore store = new InMemoryObjectStore();
  final PolledBlockList blockList = new PolledBlockList(store);
  final BlockReaders readers = new BlockReaders(store, 100);
  final List<String> spanNames = new ArrayList<>();
  final java.util.Map<String, List<Trace>> wholeTraces = new java.util.HashMap<>();
  BlockMeta slotBlock;

  @BeforeEach
  void blocks() {
    List<Trace> shop = new ShopTraces(7).traces(400);
    shop.forEach(
        t ->
            t.resourceSpans()
                .forEach(
                    rs ->
                        rs.getScopeSpansList()
                            .forEach(
                                ss -> ss.getSpansList().forEach(s -> spanNames.add(s.getName())))));
    write(shop);
    write(new RandomTraces(11).traces(150, 12));
    // span attributes in per-block string, int and hex slot columns and, past the slots, generic
    slotBlock = write(new AttrSlotTraces(13).traces(300));
    blockList.refresh();
  }

  private BlockMeta write(List<Trace> traces) {
    List<Trace> sorted = traces.stream().sorted(Comparator.comparing(Trace::traceId)).toList();
    // small row groups: many per block, and traces that straddle two of them
    BlockConfig config = BlockConfig.defaults().withRowGroupBytes(64 << 10);
    try (BlockWriter writer =
        BlockFormats.defaultForWrites().newWriter(store, NewBlock.level0("t", work), config)) {
      sorted.forEach(writer::add);
      return writer.complete();
    }
  }

  @Test
  void pushdownPath_returnsExactlyTheFullEvaluationResults() throws Exception {
    Random random = new Random(42);
    long matchedTraces = 0;
    for (int q = 0; q < 300; q++) {
      matchedTraces += check(query(random), 1 + random.nextInt(4), m -> true);
    }
    assertThat(matchedTraces).as("the generated queries must match something").isGreaterThan(1000);
  }

  /**
   * Every kind of condition on every key of the slot block: whichever of them got a string, int or
   * hex slot there, and those left in the generic list.
   */
  @Test
  void slotConditionsOnEveryKey_returnExactlyTheFullEvaluationResults() throws Exception {
    String[] conditions = {
      "= \"value-1\"",
      "= \"abcdef0123456789a\"",
      "= \"abcdef0123456789ab\"",
      "> 0",
      "= true",
      "!= nil"
    };
    long matchedTraces = 0;
    for (int key = 0; key < AttrSlotTraces.KEYS; key++) {
      for (String condition : conditions) {
        String traceql = "{ span.key." + key + " " + condition + " }";
        matchedTraces += check(traceql, 3, m -> m.prefix().equals(slotBlock.prefix()));
      }
    }
    assertThat(matchedTraces).as("the conditions must match something").isGreaterThan(1000);
  }

  /**
   * Runs {@code traceql} on the blocks {@code which} accepts with pushdown on and off, asserts both
   * return exactly the full evaluation's results; returns how many traces matched.
   */
  private long check(String traceql, int spansPerSpanset, Predicate<BlockMeta> which)
      throws Exception {
    BlockSearchSource source = new BlockSearchSource(blockList, readers);
    BlockSearchSource withoutPushdown = new BlockSearchSource(blockList, readers, false);
    SearchPlan plan =
        SearchPlan.of(
            SearchEngine.parse(traceql), new TimeWindow(1, 0), false, 1_000, spansPerSpanset);
    List<SearchJob> plain = withoutPushdown.jobs("t", plan);
    long matched = 0;
    for (SearchJob job : source.jobs("t", plan)) {
      BlockMeta meta =
          blockList.blocks("t").stream()
              .filter(m -> job.describe().equals("block " + m.prefix()))
              .findFirst()
              .orElseThrow();
      if (!which.test(meta)) {
        continue;
      }
      List<TraceSearchMetadata> expected = sorted(fullEvaluation(meta, plan).run().traces());
      List<TraceSearchMetadata> actual = sorted(job.run().traces());
      assertThat(actual).as("query %s on %s", traceql, job.describe()).isEqualTo(expected);
      SearchJob off =
          plain.stream().filter(j -> j.describe().equals(job.describe())).findFirst().orElseThrow();
      assertThat(sorted(off.run().traces()))
          .as("query %s on %s without pushdown", traceql, job.describe())
          .isEqualTo(actual);
      matched += expected.size();
    }
    return matched;
  }

  private TraceListJob fullEvaluation(BlockMeta meta, SearchPlan plan) {
    return new TraceListJob(
        "full",
        Long.MAX_VALUE,
        plan,
        () ->
            wholeTraces.computeIfAbsent(
                meta.prefix(),
                k -> {
                  BlockReader reader = readers.reader(meta);
                  List<Trace> all = new ArrayList<>();
                  try (TraceIterator it = reader.iterateTraces()) {
                    it.forEachRemaining(all::add);
                  }
                  return all;
                }));
  }

  private static List<TraceSearchMetadata> sorted(List<TraceSearchMetadata> in) {
    return in.stream().sorted(Comparator.comparing(TraceSearchMetadata::getTraceId)).toList();
  }

  private String query(Random r) {
    String q =
        switch (r.nextInt(11)) {
          case 0, 1, 2 -> filter(r);
          case 9 -> filter(r) + " | " + filter(r);
          case 10 -> "(" + filter(r) + " || " + filter(r) + ") && " + filter(r);
          case 3 -> filter(r) + " && " + filter(r);
          case 4 -> filter(r) + " || " + filter(r);
          case 5 -> filter(r) + " " + pick(r, ">>", ">", "~", "<<", "!>>", "&>>") + " " + filter(r);
          case 6 -> filter(r) + " | count() > " + r.nextInt(4);
          case 7 ->
              filter(r)
                  + " | select("
                  + pick(
                      r,
                      "span.http.route",
                      "resource.service.name",
                      "event:name",
                      "status",
                      "span.key.7")
                  + ")";
          default ->
              filter(r)
                  + " | "
                  + pick(
                      r,
                      "avg(duration) > 1ms",
                      "by(resource.service.name)",
                      "max(span.server.port) > 0");
        };
    return q;
  }

  private String filter(Random r) {
    return "{ " + (r.nextInt(8) == 0 ? "" : expr(r, 2)) + " }";
  }

  private String expr(Random r, int depth) {
    if (depth == 0 || r.nextInt(3) > 0) {
      return atom(r);
    }
    return switch (r.nextInt(3)) {
      case 0 -> "(" + expr(r, depth - 1) + " && " + expr(r, depth - 1) + ")";
      case 1 -> "(" + expr(r, depth - 1) + " || " + expr(r, depth - 1) + ")";
      default -> "!(" + expr(r, depth - 1) + ")";
    };
  }

  private String atom(Random r) {
    return switch (r.nextInt(36)) {
      case 32, 33 ->
          "span.key."
              + r.nextInt(AttrSlotTraces.KEYS)
              + " "
              + pick(
                  r,
                  "= \"value-1\"",
                  "!= \"value-2\"",
                  "=~ \"value-[0-2]\"",
                  "= \"abcdef0123456789a\"",
                  "= \"abcdef0123456789ab\"",
                  "=~ \"abcdef.*\"",
                  "> 0",
                  "= true",
                  "!= nil",
                  "= nil",
                  "< 0.5");
      case 34 -> ".key." + r.nextInt(AttrSlotTraces.KEYS) + " " + pick(r, "!= nil", "= false");
      case 35 ->
          pick(
              r,
              "span.http.route = 1",
              "span.http.route = \"/r1\"",
              "span.server.port = \"/r0\"",
              "span.server.port = 2");
      case 22 ->
          "span.custom.key "
              + pick(r, "= \"a\"", "> 3", "=~ \"a.*\"", "!= nil", "= nil", "= true", "< 2.5");
      case 23 -> "span.empty " + pick(r, "= nil", "!= nil");
      case 24 -> ".k8s.pod.name =~ \"" + pick(r, ".*", "a.*", "") + "\"";
      case 25 -> "resource.k8s.pod.name " + pick(r, "!= nil", "= \"a\"");
      case 26 -> "span.rpc.method != \"" + pick(r, STRINGS) + "\"";
      case 27 -> "instrumentation.custom.key " + pick(r, "!= nil", "= \"a\"");
      case 28 -> "span.http.method !~ \"" + pick(r, "G.*", "", ".*") + "\"";
      case 29 -> ".cluster " + pick(r, "=", "!=") + " \"" + pick(r, STRINGS) + "\"";
      case 30 -> pick(r, "name != \"GET\"", "kind != server", "status != error");
      case 31 -> "span.custom.key";
      case 0 -> "name = \"" + spanNames.get(r.nextInt(spanNames.size())) + "\"";
      case 1 -> "name =~ \".*" + pick(r, "GET", "SELECT", "cart", "a") + ".*\"";
      case 2 -> "status = " + pick(r, "error", "ok", "unset");
      case 3 -> "kind = " + pick(r, "server", "client", "internal", "producer");
      case 4 ->
          "duration "
              + pick(r, ">", "<", ">=", "=")
              + " "
              + pick(r, "1ms", "10ms", "100us", "300ms", "1s");
      case 5 -> "resource.service.name = \"" + pick(r, SERVICES) + "\"";
      case 6 -> ".service.name " + pick(r, "=", "!=") + " \"" + pick(r, SERVICES) + "\"";
      case 7 -> "span.http.method " + pick(r, "=", "!=") + " \"" + pick(r, STRINGS) + "\"";
      case 8 -> ".http.request.method = \"" + pick(r, "GET", "POST") + "\"";
      case 9 ->
          "span.http.status_code " + pick(r, ">=", "=", "<") + " " + pick(r, "200", "400", "500");
      case 10 -> "span.http.response.status_code >= 400";
      case 11 -> "span.custom.key " + pick(r, "= nil", "!= nil", "= \"a\"");
      case 12 -> "event:name = \"" + pick(r, "exception", "", "a") + "\"";
      case 13 -> "event.exception.type != nil";
      case 14 -> "link:traceID != nil";
      case 15 -> "instrumentation:name " + pick(r, "=", "!=") + " \"" + pick(r, STRINGS) + "\"";
      case 16 -> "statusMessage " + pick(r, "=", "!=") + " \"\"";
      case 17 -> "traceDuration > " + pick(r, "1ms", "50ms", "1s");
      case 18 -> "rootServiceName = \"" + pick(r, SERVICES) + "\"";
      case 19 -> "span:childCount > " + r.nextInt(3);
      case 20 -> ".db.system = \"" + pick(r, "postgresql", "redis", "a") + "\"";
      default -> "span.server.port " + pick(r, ">", "=") + " " + pick(r, "0", "8080", "5432");
    };
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... options) {
    return options[r.nextInt(options.length)];
  }
}
