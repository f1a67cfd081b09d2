package dev.skein.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link SearchIndexBuilder#addAll}: mapping another block's postings to new trace ordinals gives
 * the index that adding the copied traces' values one by one gives, caps included.
 */
class SearchIndexMergeTest {

  private static final int MAX_VALUES = 10;

  @Test
  void addAll_someTracesCopied_sameIndexAsAddingTheirValues() {
    SearchIndexBuilder input = new SearchIndexBuilder(MAX_VALUES);
    for (int t = 0; t < 6; t++) {
      input.startTrace(t, t * 2);
      input.add(TagScope.SPAN, "route", TagValue.string("/r" + (t % 3)), t);
      input.add(TagScope.INTRINSIC, "name", TagValue.string("op" + t), t);
    }
    input.addUnindexable(TagScope.SPAN, "payload");
    SearchIndex in = SearchIndex.read("in", input.serialize(12));

    // traces 1, 2 and 4 copied, as traces 0, 2 and 3 of the new block (1 is combined elsewhere)
    int[] ordinals = {-1, 0, 2, -1, 3};
    SearchIndexBuilder merged = newBlock();
    merged.addAll(in, ordinals);
    SearchIndexBuilder direct = newBlock();
    for (int t : new int[] {1, 2, 4}) {
      direct.add(TagScope.SPAN, "route", TagValue.string("/r" + (t % 3)), ordinals[t]);
      direct.add(TagScope.INTRINSIC, "name", TagValue.string("op" + t), ordinals[t]);
    }
    direct.addUnindexable(TagScope.SPAN, "payload");

    assertThat(merged.serialize(8)).isEqualTo(direct.serialize(8));
    SearchIndex out = SearchIndex.read("out", merged.serialize(8));
    assertThat(out.traces(TagScope.SPAN, "route", TagValue.string("/r1")).orElseThrow().toArray())
        .containsExactly(0, 3);
    assertThat(out.hasKey(TagScope.INTRINSIC, "name")).isTrue();
    assertThat(out.tagValues(TagScope.INTRINSIC, "name")).hasSize(3);
    assertThat(out.isIndexed(TagScope.SPAN, "payload")).isFalse();
  }

  @Test
  void addAll_valuesOfTwoInputsOverTheCap_keyUnindexed() {
    SearchIndexBuilder merged = newBlock();
    for (int block = 0; block < 2; block++) {
      SearchIndexBuilder input = new SearchIndexBuilder(MAX_VALUES);
      for (int t = 0; t < 4; t++) {
        input.startTrace(t, t);
        input.add(TagScope.SPAN, "user", TagValue.string("u" + block + "-" + t), t);
        input.add(TagScope.SPAN, "shared", TagValue.string("s" + t), t);
      }
      merged.addAll(SearchIndex.read("in", input.serialize(4)), new int[] {0, 1, 2, 3});
    }
    SearchIndex out = SearchIndex.read("out", merged.serialize(8));

    // 8 distinct users: indexed at MAX_VALUES 10; the same inputs at a cap of 6 would not be
    assertThat(out.isIndexed(TagScope.SPAN, "user")).isTrue();
    assertThat(out.tagValues(TagScope.SPAN, "shared")).hasSize(4);
    SearchIndexBuilder capped = new SearchIndexBuilder(6);
    for (int t = 0; t < 4; t++) {
      capped.startTrace(t, t);
    }
    for (int block = 0; block < 2; block++) {
      SearchIndexBuilder input = new SearchIndexBuilder(MAX_VALUES);
      for (int t = 0; t < 4; t++) {
        input.startTrace(t, t);
        input.add(TagScope.SPAN, "user", TagValue.string("u" + block + "-" + t), t);
      }
      capped.addAll(SearchIndex.read("in", input.serialize(4)), new int[] {0, 1, 2, 3});
    }
    SearchIndex cappedOut = SearchIndex.read("out", capped.serialize(4));
    assertThat(cappedOut.hasKey(TagScope.SPAN, "user")).isTrue();
    assertThat(cappedOut.isIndexed(TagScope.SPAN, "user")).isFalse();
  }

  /** A new block of 4 traces of 2 rows each. */
  private static SearchIndexBuilder newBlock() {
    SearchIndexBuilder b = new SearchIndexBuilder(MAX_VALUES);
    for (int t = 0; t < 4; t++) {
      b.startTrace(t, t * 2);
    }
    return b;
  }
}
