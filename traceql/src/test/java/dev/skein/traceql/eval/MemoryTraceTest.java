package dev.skein.traceql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryTraceTest {

  @Test
  void build_shopTree_numbersSpansDepthFirst() {
    MemoryTrace t = Traces.SHOP;

    assertThat(numbers(t.span("root"))).containsExactly(1, 10, -1);
    assertThat(numbers(t.span("auth"))).containsExactly(2, 5, 1);
    assertThat(numbers(t.span("authsrv"))).containsExactly(3, 4, 2);
    assertThat(numbers(t.span("db"))).containsExactly(6, 7, 1);
    assertThat(numbers(t.span("cache"))).containsExactly(8, 9, 1);
    assertThat(t.span("root").childCount()).isEqualTo(3);
  }

  @Test
  void build_shopTree_computesTraceLevelValues() {
    MemoryTrace t = Traces.SHOP;

    assertThat(t.durationNanos()).isEqualTo(1_000_000_000L);
    assertThat(t.rootName()).isEqualTo("GET /api");
    assertThat(t.rootServiceName()).isEqualTo("frontend");
  }

  @Test
  void build_noNestedSet_leavesZeros() {
    assertThat(numbers(Traces.FOREST.span("x"))).containsExactly(0, 0, 0);
  }

  private static Integer[] numbers(SpanView s) {
    return new Integer[] {s.nestedSetLeft(), s.nestedSetRight(), s.nestedSetParent()};
  }
}
