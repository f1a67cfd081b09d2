package dev.skein.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** Postings built span by span hold each trace holding a value exactly once, read back exactly. */
class SearchIndexBuilderTest {

  @Test
  void add_valuesRepeatedBySpansAndTraces_postingsHoldEveryTraceOnce() {
    SplittableRandom random = new SplittableRandom(3);
    SearchIndexBuilder builder = new SearchIndexBuilder(1_000);
    List<TreeSet<Integer>> expected = new ArrayList<>();
    for (int v = 0; v < 5; v++) {
      expected.add(new TreeSet<>());
    }
    int rows = 0;
    for (int trace = 0; trace < 3_000; trace++) {
      builder.startTrace(trace, rows);
      int spans = 1 + random.nextInt(12);
      for (int s = 0; s < spans; s++) {
        // each span carries a value, often the one the trace's previous span had
        int v = random.nextInt(3) == 0 ? random.nextInt(5) : trace % 5;
        builder.add(TagScope.SPAN, "k", TagValue.string("v" + v), trace);
        expected.get(v).add(trace);
      }
      rows += spans;
    }
    SearchIndex index = SearchIndex.read("t/b/search.idx", builder.serialize(rows));

    for (int v = 0; v < 5; v++) {
      RoaringBitmap traces =
          index.traces(TagScope.SPAN, "k", TagValue.string("v" + v)).orElseThrow();
      List<Integer> actual = new ArrayList<>();
      traces.forEach((int t) -> actual.add(t));
      assertThat(actual).as("traces with v%d", v).containsExactlyElementsOf(expected.get(v));
    }
  }

  @Test
  void add_keyPastItsValueCapOrGivenAnUnindexableValue_staysUnindexedForValuesSeenBefore() {
    SearchIndexBuilder builder = new SearchIndexBuilder(2);
    for (int trace = 0; trace < 4; trace++) {
      builder.startTrace(trace, trace);
      // "many" gets a third value at trace 2, "mixed" an array at trace 1; both then see old values
      builder.add(TagScope.SPAN, "many", TagValue.string("v" + Math.min(trace, 2)), trace);
      builder.add(TagScope.SPAN, "mixed", TagValue.ofInt(7), trace);
      if (trace == 1) {
        builder.addUnindexable(TagScope.SPAN, "mixed");
      }
      builder.add(TagScope.SPAN, "few", TagValue.string("a"), trace);
    }
    builder.add(TagScope.SPAN, "many", TagValue.string("v0"), 3);

    SearchIndex index = SearchIndex.read("t/b/search.idx", builder.serialize(4));

    assertThat(index.isIndexed(TagScope.SPAN, "many")).isFalse();
    assertThat(index.isIndexed(TagScope.SPAN, "mixed")).isFalse();
    assertThat(index.traces(TagScope.SPAN, "many", TagValue.string("v0"))).isEmpty();
    assertThat(index.traces(TagScope.SPAN, "mixed", TagValue.ofInt(7))).isEmpty();
    assertThat(index.traces(TagScope.SPAN, "few", TagValue.string("a")).orElseThrow().toArray())
        .containsExactly(0, 1, 2, 3);
  }
}
