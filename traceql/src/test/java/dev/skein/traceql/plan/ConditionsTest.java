package dev.skein.traceql.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.traceql.TraceQL;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.Intrinsic;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.Literal;
import dev.skein.traceql.ast.Scope;
import dev.skein.traceql.ast.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "¦",
      quoteCharacter = '\'',
      textBlock =
          """
          { }                                                    ¦ true  ¦ ''
          { span.a = 1 && resource.b = "x" }                     ¦ true  ¦ span.a = 1; resource.b = "x"
          { span.a = 1 || resource.b = "x" }                     ¦ false ¦ span.a = 1; resource.b = "x"
          { 3 < span.a }                                         ¦ true  ¦ span.a > 3
          { "GET" = name }                                       ¦ true  ¦ span:name = "GET"
          { span.a = nil }                                       ¦ true  ¦ span.a = nil
          { span.a != nil && status = error }                    ¦ true  ¦ span.a != nil; span:status = error
          { !(span.a = 1) }                                      ¦ true  ¦ span.a
          { span.a + 1 > 2 }                                     ¦ true  ¦ span.a
          { span.a = span.b }                                    ¦ true  ¦ span.a; span.b
          { .flag }                                              ¦ true  ¦ .flag = true
          { name =~ "GET.*" && duration > 1s }                   ¦ true  ¦ span:name =~ "GET.*"; span:duration > 1s
          { span.a = 1 && (span.b = 2 || span.c = 3) }           ¦ false ¦ span.a = 1; span.b = 2; span.c = 3
          { span.a = 1 } && { span.b = 2 }                       ¦ false ¦ span.a = 1; span.b = 2
          { .a = 1 } >> { .b = 2 }                               ¦ false ¦ nestedSetLeft; nestedSetRight; nestedSetParent; .a = 1; .b = 2
          { span.a = 1 } | { span.b = 2 }                        ¦ true  ¦ span.a = 1; span.b = 2
          { span.a = 1 } | avg(duration) > 1s                    ¦ true  ¦ span.a = 1; span:duration
          { } | by(resource.service.name) | select(span.x)       ¦ true  ¦ resource.service.name; span.x
          { span.a = 1 && span.a = 1 }                           ¦ true  ¦ span.a = 1
          """)
  void conditions_query_listsLeafConditions(String query, boolean all, String expected) {
    Conditions c = TraceQL.parse(query).conditions();

    assertThat(c.allConditions()).isEqualTo(all);
    assertThat(String.join("; ", c.conditions().stream().map(Condition::toString).toList()))
        .isEqualTo(expected);
  }

  @Test
  void conditions_comparison_exposesTypedParts() {
    Condition c =
        TraceQL.parse("{ span.http.status_code >= 500 }").conditions().conditions().get(0);

    assertThat(c.field()).isEqualTo(new Attribute(Scope.SPAN, "http.status_code"));
    assertThat(c.op()).isEqualTo(BinaryOp.GTE);
    assertThat(c.operand()).isEqualTo(Value.of(500L));
    assertThat(c.isFetchOnly()).isFalse();
  }

  @Test
  void conditions_fetchOnly_hasNoOperator() {
    Condition c = TraceQL.parse("{ } | avg(duration) > 1s").conditions().conditions().get(0);

    assertThat(c).isEqualTo(Condition.fetch(new IntrinsicField(Intrinsic.DURATION)));
    assertThat(c.isFetchOnly()).isTrue();
  }

  @Test
  void fields_query_listsDistinctFieldsInOrder() {
    Conditions c =
        TraceQL.parse("{ span.a = 1 || span.a = 2 && duration > 1s } | by(span.a) | select(.b)")
            .conditions();

    assertThat(c.fields())
        .containsExactly(
            new Attribute(Scope.SPAN, "a"),
            new IntrinsicField(Intrinsic.DURATION),
            new Attribute(Scope.UNSCOPED, "b"));
  }

  @Test
  void condition_literalField_isRejected() {
    assertThatThrownBy(() -> Condition.fetch(new Literal(Value.of(1L))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field must be an attribute or intrinsic");
  }
}
