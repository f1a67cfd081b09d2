package dev.skein.querier.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.api.v1.SearchResponse;
import dev.skein.api.v1.TraceSearchMetadata;
import dev.skein.querier.QuerierConfig;
import dev.skein.querier.search.SearchEngine;
import dev.skein.querier.search.SearchEngineTest;
import dev.skein.querier.search.SearchQuery;
import dev.skein.querier.tags.TagsEngine;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.querier.trace.TraceByIdQuery;
import dev.skein.querier.trace.TraceByIdResult;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.trace.Trace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trace by id, search and tags over real vsk1 blocks in an object store. */
class BlockSourcesTest {

  @TempDir Path work;
  final InMemoryObjectStore store = new InMemoryObjectStore();
  final PolledBlockList blockList = new PolledBlockList(store);
  final BlockReaders readers = new BlockReaders(store, 100);

  BlockMeta write(String tenant, List<Trace> traces) {
    List<Trace> sorted = traces.stream().sorted(Comparator.comparing(Trace::traceId)).toList();
    try (BlockWriter writer =
        BlockFormats.defaultForWrites()
            .newWriter(store, NewBlock.level0(tenant, work), BlockConfig.defaults())) {
      sorted.forEach(writer::add);
      return writer.complete();
    }
  }

  @BeforeEach
  void blocks() {
    write(
        "t",
        List.of(
            SearchEngineTest.trace(1, "cart", 100, 5, true),
            SearchEngineTest.trace(2, "cart", 200, 500, false)));
    write("t", List.of(SearchEngineTest.trace(3, "shop", 300, 5, true)));
    write("other", List.of(SearchEngineTest.trace(4, "secret", 300, 5, true)));
    blockList.refresh();
  }

  @Test
  void traceById_findsInTheRightBlockOnly() {
    try (TraceByIdQuery q =
        new TraceByIdQuery(
            List.of(new BlockTraceSource(blockList, readers)), QuerierConfig.defaults())) {
      TraceByIdResult r =
          q.find(
              List.of("t"),
              SearchEngineTest.trace(3, "shop", 300, 5, true).traceId(),
              TimeWindow.UNBOUNDED);
      assertThat(r.trace()).get().extracting(Trace::spanCount).isEqualTo(2);
      assertThat(
              q.find(
                      List.of("t"),
                      SearchEngineTest.trace(4, "x", 1, 1, true).traceId(),
                      TimeWindow.UNBOUNDED)
                  .trace())
          .as("tenant t must not see tenant other's trace")
          .isEmpty();
    }
  }

  @Test
  void search_overBlocksInWindow_newestFirst() {
    try (SearchEngine engine =
        new SearchEngine(
            List.of(new BlockSearchSource(blockList, readers)), QuerierConfig.defaults())) {
      SearchQuery q =
          new SearchQuery("{ status = error }", Map.of(), Duration.ZERO, null, 20, 3, 1, 1000);
      SearchResponse r = engine.search(List.of("t"), q);
      assertThat(r.getTracesList())
          .extracting(TraceSearchMetadata::getTraceId)
          .containsExactly("00000000000000000000000000000003", "00000000000000000000000000000001");
    }
  }

  @Test
  void search_withoutWindow_blocksNotRead() {
    try (SearchEngine engine =
        new SearchEngine(
            List.of(new BlockSearchSource(blockList, readers)), QuerierConfig.defaults())) {
      SearchQuery q = new SearchQuery("{ }", Map.of(), Duration.ZERO, null, 20, 3, 0, 0);
      assertThat(engine.search(List.of("t"), q).getTracesList()).isEmpty();
    }
  }

  @Test
  void search_indexProvesNoMatch_blockSkippedWithoutDataReads() {
    try (SearchEngine engine =
        new SearchEngine(
            List.of(new BlockSearchSource(blockList, readers)), QuerierConfig.defaults())) {
      SearchQuery q =
          new SearchQuery(
              "{ resource.service.name = \"nowhere\" }",
              Map.of(),
              Duration.ZERO,
              null,
              20,
              3,
              1,
              1000);
      SearchResponse r = engine.search(List.of("t"), q);
      assertThat(r.getTracesList()).isEmpty();
      assertThat(r.getMetrics().getInspectedTraces()).isZero();
    }
  }

  @Test
  void tags_fromIndexDictionaries() {
    TagsEngine tags = new TagsEngine(List.of(new BlockTagSource(blockList, readers)));
    Map<String, String> window = Map.of("start", "1", "end", "1000");
    assertThat(tags.tagValuesV2(List.of("t"), "resource.service.name", window).getTagValuesList())
        .extracting(v -> v.getValue())
        .containsExactly("cart", "db", "shop");
    assertThat(tags.tagValuesV2(List.of("t"), "name", window).getTagValuesList())
        .extracting(v -> v.getValue())
        .contains("SELECT", "GET /1");
  }

  @Test
  void tags_withQueryFilter_onlyFromMatchingSpans() {
    TagsEngine tags = new TagsEngine(List.of(new BlockTagSource(blockList, readers)));
    Map<String, String> shop =
        Map.of("start", "1", "end", "1000", "q", "{ resource.service.name = \"shop\" }");
    assertThat(tags.tagValuesV2(List.of("t"), "resource.service.name", shop).getTagValuesList())
        .extracting(v -> v.getValue())
        .containsExactly("shop");
    assertThat(tags.tagValuesV2(List.of("t"), "name", shop).getTagValuesList())
        .extracting(v -> v.getValue())
        .containsExactly("GET /3");
    // errors are on the db child spans of traces 1 and 3
    Map<String, String> errors = Map.of("start", "1", "end", "1000", "q", "{ status = error }");
    assertThat(tags.tagValuesV2(List.of("t"), "resource.service.name", errors).getTagValuesList())
        .extracting(v -> v.getValue())
        .containsExactly("db");
    Map<String, String> cartErrors =
        Map.of(
            "start",
            "1",
            "end",
            "1000",
            "q",
            "{ resource.service.name = \"cart\" } >> { status = error }");
    assertThat(tags.tagValuesV2(List.of("t"), "name", cartErrors).getTagValuesList())
        .extracting(v -> v.getValue())
        .containsExactly("SELECT");
    Map<String, String> nowhere =
        Map.of("start", "1", "end", "1000", "q", "{ resource.service.name = \"nowhere\" }");
    assertThat(tags.tagValuesV2(List.of("t"), "name", nowhere).getTagValuesList()).isEmpty();
    assertThat(tags.tagsV2(List.of("t"), nowhere).getScopesList())
        .extracting(s -> s.getName())
        .containsExactly("intrinsic");
    // {} matches every span: answered from the index dictionaries
    Map<String, String> all = Map.of("start", "1", "end", "1000", "q", "{}");
    assertThat(tags.tagValuesV2(List.of("t"), "resource.service.name", all).getTagValuesList())
        .extracting(v -> v.getValue())
        .containsExactly("cart", "db", "shop");
  }

  @Test
  void search_selectiveIndexedCondition_fetchesOnlyCandidateTraces() {
    // one block with many cart traces and a single shop trace: the shop query reads one trace
    java.util.List<Trace> many = new java.util.ArrayList<>();
    for (int i = 10; i < 60; i++) {
      many.add(SearchEngineTest.trace(i, "cart", 500 + i, 5, false));
    }
    many.add(SearchEngineTest.trace(99, "shop", 600, 5, true));
    write("big", many);
    blockList.refresh();
    try (SearchEngine engine =
        new SearchEngine(
            List.of(new BlockSearchSource(blockList, readers)), QuerierConfig.defaults())) {
      SearchQuery q =
          new SearchQuery(
              "{ resource.service.name = \"shop\" }",
              Map.of(),
              Duration.ZERO,
              null,
              20,
              3,
              1,
              10_000);
      SearchResponse r = engine.search(List.of("big"), q);
      assertThat(r.getTracesList())
          .extracting(TraceSearchMetadata::getTraceId)
          .containsExactly("00000000000000000000000000000063");
      assertThat(r.getMetrics().getInspectedTraces()).isEqualTo(1);
      SearchQuery all = new SearchQuery("{ }", Map.of(), Duration.ZERO, null, 100, 3, 1, 10_000);
      assertThat(engine.search(List.of("big"), all).getMetrics().getInspectedTraces())
          .isEqualTo(51);
    }
  }
}
