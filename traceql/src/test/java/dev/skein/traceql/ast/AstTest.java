package dev.skein.traceql.ast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AstTest {

  @ParameterizedTest(name = "{0} ns -> {1}")
  @CsvSource({
    "0, 0s",
    "1, 1ns",
    "1000, 1us",
    "1500, 1500ns",
    "1000000, 1ms",
    "1500000000, 1500ms",
    "60000000000, 1m",
    "5400000000000, 90m",
    "7200000000000, 2h",
    "-1000000000, -1s"
  })
  void durationValue_toString_usesLargestExactUnit(long nanos, String expected) {
    assertThat(Value.durationNanos(nanos).toString()).isEqualTo(expected);
  }

  @Test
  void stringValue_toString_escapesForTraceQL() {
    assertThat(Value.of("a\"b\\c\nd\te\u0001").toString())
        .isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\"");
  }

  @Test
  void attribute_toString_quotesNamesWithSpecialCharacters() {
    assertThat(new Attribute(Scope.SPAN, "http.method").toString()).isEqualTo("span.http.method");
    assertThat(new Attribute(Scope.UNSCOPED, "a b").toString()).isEqualTo(".\"a b\"");
    assertThat(new Attribute(Scope.RESOURCE, "k8s.io/name").toString())
        .isEqualTo("resource.\"k8s.io/name\"");
  }

  @Test
  void attribute_emptyName_isRejected() {
    assertThatThrownBy(() -> new Attribute(Scope.SPAN, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be empty");
  }

  @Test
  void literal_array_isRejected() {
    assertThatThrownBy(() -> new Literal(Value.array(List.of(Value.of(1L)))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void intrinsic_forSpelling_acceptsScopedAndLegacyNames() {
    assertThat(Intrinsic.forSpelling("duration")).isEqualTo(Intrinsic.DURATION);
    assertThat(Intrinsic.forSpelling("span:duration")).isEqualTo(Intrinsic.DURATION);
    assertThat(Intrinsic.forSpelling("rootServiceName")).isEqualTo(Intrinsic.ROOT_SERVICE);
    assertThat(Intrinsic.forSpelling("trace:rootService")).isEqualTo(Intrinsic.ROOT_SERVICE);
    assertThat(Intrinsic.forSpelling("nope")).isNull();
    assertThat(Intrinsic.NESTED_SET_LEFT.spelling()).isEqualTo("nestedSetLeft");
    assertThat(Intrinsic.TRACE_ID.isTraceLevel()).isTrue();
    assertThat(Intrinsic.SPAN_ID.isTraceLevel()).isFalse();
  }

  @Test
  void pipelineOf_nestedPipelines_flattens() {
    SpansetFilter all = new SpansetFilter(null);
    Pipeline inner = new Pipeline(all, List.of(new Coalesce()));

    SpansetExpr flat = Pipeline.of(inner, List.of(inner));

    assertThat(flat).isEqualTo(new Pipeline(all, List.of(new Coalesce(), all, new Coalesce())));
    assertThat(Pipeline.of(all, List.of())).isSameAs(all);
  }

  @Test
  void aggregate_countWithArgument_isRejected() {
    assertThatThrownBy(() -> new ScalarExpr.Aggregate(AggregateFn.COUNT, new Literal(Value.of(1L))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scalarFilter_regexOperator_isRejected() {
    ScalarExpr count = new ScalarExpr.Aggregate(AggregateFn.COUNT, null);
    assertThatThrownBy(() -> new ScalarFilter(BinaryOp.REGEX, count, count))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
