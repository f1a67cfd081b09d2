package dev.skein.traceql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.BinaryExpr;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.Literal;
import dev.skein.traceql.ast.Pipeline;
import dev.skein.traceql.ast.ScalarFilter;
import dev.skein.traceql.ast.Scope;
import dev.skein.traceql.ast.SpansetFilter;
import dev.skein.traceql.ast.SpansetOp;
import dev.skein.traceql.ast.SpansetOperation;
import dev.skein.traceql.ast.Value;
import org.junit.jupiter.api.Test;

class QueryTest {
  private static final Attribute A = new Attribute(Scope.SPAN, "a");
  private static final Attribute B = new Attribute(Scope.SPAN, "b");
  private static final Attribute C = new Attribute(Scope.SPAN, "c");

  @Test
  void parse_andBindsTighterThanOr_inFilters() {
    Query q = TraceQL.parse("{ span.a = 1 || span.b = 2 && span.c = 3 }");

    assertThat(q.root())
        .isEqualTo(
            new SpansetFilter(
                new BinaryExpr(
                    BinaryOp.OR, eq(A, 1), new BinaryExpr(BinaryOp.AND, eq(B, 2), eq(C, 3)))));
  }

  @Test
  void parse_arithmetic_respectsPrecedenceAndAssociativity() {
    Query q = TraceQL.parse("{ span.a - span.b * 2 ^ 3 ^ 2 > 0 }");

    BinaryExpr pow =
        new BinaryExpr(BinaryOp.POW, lit(2), new BinaryExpr(BinaryOp.POW, lit(3), lit(2)));
    BinaryExpr expected =
        new BinaryExpr(
            BinaryOp.GT,
            new BinaryExpr(BinaryOp.SUB, A, new BinaryExpr(BinaryOp.MUL, B, pow)),
            lit(0));
    assertThat(q.root()).isEqualTo(new SpansetFilter(expected));
  }

  @Test
  void parse_structuralBindsTighterThanSpansetAnd() {
    Query q = TraceQL.parse("{ .a } && { .b } >> { .c }");

    assertThat(q.root())
        .isInstanceOfSatisfying(
            SpansetOperation.class,
            op -> {
              assertThat(op.op()).isEqualTo(SpansetOp.AND);
              assertThat(op.right())
                  .isInstanceOfSatisfying(
                      SpansetOperation.class,
                      r -> assertThat(r.op()).isEqualTo(SpansetOp.DESCENDANT));
            });
  }

  @Test
  void parse_nestedPipelines_areFlattened() {
    Query q = TraceQL.parse("({ } | count() > 1) | ({ .a } | by(.b))");

    assertThat(q.root())
        .isInstanceOfSatisfying(
            Pipeline.class,
            p -> {
              assertThat(p.source()).isEqualTo(new SpansetFilter(null));
              assertThat(p.stages()).hasSize(3);
              assertThat(p.stages().get(0)).isInstanceOf(ScalarFilter.class);
            });
  }

  @Test
  void parse_hints_areExposedTyped() {
    Query q = TraceQL.parse("{ } with(most_recent=true, span_sample=0.5)");

    assertThat(q.hints().mostRecent()).isTrue();
    assertThat(q.hints().get("span_sample")).isEqualTo(Value.of(0.5));
    assertThat(q.hints().get("nope")).isNull();
    assertThat(TraceQL.parse("{ }").hints()).isEqualTo(Hints.NONE);
    assertThat(TraceQL.parse("{ } with(most_recent=false)").hints().mostRecent()).isFalse();
  }

  @Test
  void parse_errorOnThirdLine_reportsLineAndColumn() {
    assertThatThrownBy(() -> TraceQL.parse("{\n  span.a = 1 &&\n    duration = \"x\"\n}"))
        .isInstanceOfSatisfying(
            TraceQLException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isEqualTo(14);
              assertThat(e.detail()).isEqualTo("cannot compare duration with string");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "type error at line 3, column 14: cannot compare duration with string");
            });
  }

  @Test
  void parse_deepNesting_failsWithParseErrorInsteadOfStackOverflow() {
    String query = "{ " + "(".repeat(5000) + "span.a = 1" + ")".repeat(5000) + " }";

    assertThatThrownBy(() -> TraceQL.parse(query))
        .isInstanceOf(TraceQLException.class)
        .hasMessageContaining("query nests deeper than 200 levels");
  }

  @Test
  void parse_manyOperators_failsWithParseError() {
    String query = "{ span.a = 1" + " && span.a = 1".repeat(1000) + " }";

    assertThatThrownBy(() -> TraceQL.parse(query))
        .isInstanceOf(TraceQLException.class)
        .hasMessageContaining("query has more than 1000 operators");
  }

  @Test
  void parse_longConjunction_evaluatesWithoutStackOverflow() {
    String query = "{ span.a = 1" + " && span.a = 1".repeat(400) + " }";

    assertThat(TraceQL.parse(query).conditions().conditions()).hasSize(1);
  }

  @Test
  void parse_null_throwsNullPointerException() {
    assertThatThrownBy(() -> TraceQL.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void parse_pathologicalRegex_compilesWithRe2() {
    Query q = TraceQL.parse("{ span.a =~ \"(a+)+$\" }");

    assertThat(q.toString()).isEqualTo("{ span.a =~ \"(a+)+$\" }");
  }

  private static BinaryExpr eq(Attribute a, long v) {
    return new BinaryExpr(BinaryOp.EQ, a, lit(v));
  }

  private static Literal lit(long v) {
    return new Literal(Value.of(v));
  }
}
