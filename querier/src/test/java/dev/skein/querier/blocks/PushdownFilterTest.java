package dev.skein.querier.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.storage.block.TraceFilter;
import dev.skein.storage.block.TraceFilter.All;
import dev.skein.storage.block.TraceFilter.Either;
import dev.skein.storage.block.TraceFilter.Spans;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.plan.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trace filters queries push down: what each operator requires of a trace. */
class PushdownFilterTest {

  private static TraceFilter of(String q) {
    return PushdownFilter.of(TraceQL.parse(q).root());
  }

  private static List<String> conditions(TraceFilter f) {
    return ((Spans) f).conditions().stream().map(Condition::toString).toList();
  }

  @Test
  void conjunction_isOneSpanCondition() {
    TraceFilter f = of("{ resource.service.name = \"a\" && duration > 100ms }");
    assertThat(conditions(f)).hasSize(2);
  }

  @Test
  void disjunctionInsideAFilter_isAUnionOfAlternatives() {
    TraceFilter f = of("{ (name = \"a\" || name = \"b\") && status = error }");
    assertThat(f).isInstanceOf(Either.class);
    assertThat(((Either) f).parts())
        .hasSize(2)
        .allSatisfy(p -> assertThat(conditions(p)).hasSize(2));
  }

  @Test
  void negationAndArithmetic_mayHoldOnAnySpan() {
    assertThat(of("{ !(name = \"a\") }").isAny()).isTrue();
    assertThat(of("{ duration * 2 > 1s }").isAny()).isTrue();
    assertThat(of("{ name = \"a\" || !(status = error) }").isAny()).isTrue();
    // a conjunct that may hold leaves the other one
    assertThat(conditions(of("{ name = \"a\" && !(status = error) }"))).hasSize(1);
  }

  @Test
  void spansetOperators_needBothSidesOrEither() {
    assertThat(of("{ name = \"a\" } && { name = \"b\" }")).isInstanceOf(All.class);
    assertThat(of("{ name = \"a\" } >> { name = \"b\" }")).isInstanceOf(All.class);
    assertThat(of("{ name = \"a\" } &>> { name = \"b\" }")).isInstanceOf(All.class);
    assertThat(of("{ name = \"a\" } || { name = \"b\" }")).isInstanceOf(Either.class);
    // right-hand spans without such a left-hand relative: only the right side is needed
    assertThat(conditions(of("{ name = \"a\" } !>> { name = \"b\" }")))
        .containsExactly("span:name = \"b\"");
  }

  @Test
  void pipelines_needTheSourceAndEveryFilterStage() {
    TraceFilter f = of("{ name = \"a\" } | { status = error } | count() > 2");
    assertThat(f).isInstanceOf(All.class);
    assertThat(((All) f).parts()).hasSize(2);
    assertThat(of("{ } | count() > 2").isAny()).isTrue();
  }
}
