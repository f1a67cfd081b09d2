package dev.skein.traceql.eval;

import static dev.skein.traceql.eval.FilterEvaluationTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.skein.traceql.TraceQL;
import dev.skein.traceql.ast.Value;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pipelines over {@link Traces#SHOP}: aggregates, by(), select(), coalesce() and filters. */
class PipelineEvaluationTest {

  static Stream<Arguments> shopCases() {
    // SHOP durations: root 1000ms, auth 50ms, authsrv 40ms, db 300ms, cache 5ms (sum 1395ms)
    return Stream.of(
        row("{ kind = client } | count() = 3", "auth db cache"),
        row("{ kind = client } | count() > 3", ""),
        row("{ kind = client } | count() >= 3", "auth db cache"),
        row("{ kind = client } | count() != 3", ""),
        row("{ kind = client } | count() < 4", "auth db cache"),
        row("{ kind = client } | count() <= 2", ""),
        row("{ } | avg(duration) = 279ms", "root auth authsrv db cache"),
        row("{ } | avg(duration) > 280ms", ""),
        row("{ } | min(duration) = 5ms", "root auth authsrv db cache"),
        row("{ } | max(duration) = 1s", "root auth authsrv db cache"),
        row("{ } | sum(duration) = 1395ms", "root auth authsrv db cache"),
        row("{ } | sum(span.http.status_code) = 200", "root auth authsrv db cache"),
        row("{ } | avg(span.http.status_code) = 200", "root auth authsrv db cache"),
        row("{ } | sum(span.nope) > 0", ""),
        row("{ } | sum(duration) / count() = 279ms", "root auth authsrv db cache"),
        row("{ } | count() * 2 = 10", "root auth authsrv db cache"),
        row("{ } | (count() + 1) * 2 = 12", "root auth authsrv db cache"),
        row("{ } | 4 < count()", "root auth authsrv db cache"),
        row("{ } | { kind = client } | { duration > 10ms }", "auth db"),
        row("{ } | { kind = client } && { status = error }", "auth authsrv db cache"),
        row("({ kind = client } | count() > 2) && { status = error }", "auth authsrv db cache"),
        row("({ kind = client } | count() > 3) && { status = error }", ""),
        row("{ } | by(resource.service.name) | count() > 1", "root auth db cache"),
        row("{ } | by(resource.service.name) | count() = 1", "authsrv"),
        row("{ } | by(span.nope)", "root auth authsrv db cache"),
        row("{ } | by(span.db.system) | count() = 1", "db"),
        row("{ } | by(kind) | coalesce()", "root auth authsrv db cache"),
        row("{ } | by(kind) | count() > 2 | coalesce()", "auth db cache"),
        row("{ kind = client } | count() > 2 | avg(duration) > 100ms", "auth db cache"));
  }

  @ParameterizedTest
  @MethodSource("shopCases")
  void evaluate_pipelineOverShop_matchesExactlyTheseSpans(String query, List<String> expected) {
    assertThat(Traces.matchedIds(query, Traces.SHOP)).containsExactlyElementsOf(expected);
  }

  @Test
  void evaluate_count_reportsAggregateValue() {
    List<Spanset> result = evaluate("{ kind = client } | count() = 3");

    assertThat(result).hasSize(1);
    assertThat(result.get(0).matched()).isEqualTo(3);
    assertThat(result.get(0).aggregates()).containsExactly(entry("count()", Value.of(3L)));
  }

  @Test
  void evaluate_avgDuration_reportsDurationAggregate() {
    List<Spanset> result = evaluate("{ } | avg(duration) > 1ms");

    assertThat(result.get(0).aggregates())
        .containsExactly(entry("avg(span:duration)", Value.durationNanos(279_000_000L)));
  }

  @Test
  void evaluate_by_splitsSpansetsWithGroupAttributes() {
    List<Spanset> result = evaluate("{ } | by(resource.service.name)");

    assertThat(result).hasSize(2);
    assertThat(ids(result.get(0))).containsExactly("root", "auth", "db", "cache");
    assertThat(result.get(0).attributes())
        .containsExactly(entry("by(resource.service.name)", Value.of("frontend")));
    assertThat(ids(result.get(1))).containsExactly("authsrv");
    assertThat(result.get(1).attributes())
        .containsExactly(entry("by(resource.service.name)", Value.of("auth")));
  }

  @Test
  void evaluate_byTwoFields_groupsByBothValues() {
    List<Spanset> result = evaluate("{ } | by(resource.service.name, kind)");

    assertThat(result)
        .extracting(PipelineEvaluationTest::ids)
        .containsExactly(List.of("root"), List.of("auth", "db", "cache"), List.of("authsrv"));
    assertThat(result.get(1).attributes())
        .containsExactly(
            entry("by(resource.service.name)", Value.of("frontend")),
            entry("by(span:kind)", new Value.Kind(dev.skein.traceql.ast.SpanKind.CLIENT)));
  }

  @Test
  void evaluate_byAbsentAttribute_groupsAbsentValuesAsNil() {
    List<Spanset> result = evaluate("{ } | by(span.db.system)");

    assertThat(result)
        .extracting(PipelineEvaluationTest::ids)
        .containsExactly(List.of("root", "auth", "authsrv", "cache"), List.of("db"));
    assertThat(result.get(0).attributes())
        .containsExactly(entry("by(span.db.system)", new Value.Nil()));
  }

  @Test
  void evaluate_coalesce_mergesGroupsAndDropsAttributes() {
    List<Spanset> result = evaluate("{ } | by(resource.service.name) | coalesce()");

    assertThat(result).hasSize(1);
    assertThat(ids(result.get(0))).containsExactly("root", "auth", "authsrv", "db", "cache");
    assertThat(result.get(0).attributes()).isEmpty();
  }

  @Test
  void evaluate_select_returnsSelectedValuesPerSpan() {
    List<Spanset> result = evaluate("{ kind = client } | select(span.db.system, duration)");

    List<SpanMatch> spans = result.get(0).spans();
    assertThat(spans).extracting(m -> m.span().spanId()).containsExactly("auth", "db", "cache");
    assertThat(spans.get(0).selected())
        .containsExactly(entry("span:duration", Value.durationNanos(50_000_000L)));
    assertThat(spans.get(1).selected())
        .containsExactly(
            entry("span.db.system", Value.of("postgresql")),
            entry("span:duration", Value.durationNanos(300_000_000L)));
  }

  @Test
  void evaluate_selectThenSpansetOperator_keepsSelection() {
    List<Spanset> result = evaluate("({ status = error } | select(name)) && { kind = server }");

    assertThat(result.get(0).spans())
        .extracting(m -> m.selected().get("span:name"))
        .containsExactly(Value.of("GET /api"), Value.of("Authorize"));
  }

  @Test
  void evaluate_sameEvaluatorOverManyTraces_isIndependentPerTrace() {
    Evaluator e = Evaluator.of(TraceQL.parse("{ kind = server } | count() = 1"));

    assertThat(e.matches(Traces.SHOP)).isFalse();
    assertThat(e.matches(Traces.HEALTH)).isTrue();
    assertThat(e.matches(Traces.FOREST)).isFalse();
  }

  @Test
  void evaluate_emptyTrace_matchesNothing() {
    MemoryTrace empty = MemoryTrace.builder("t0").build();

    assertThat(Evaluator.of(TraceQL.parse("{ }")).evaluate(empty)).isEmpty();
  }

  private static List<Spanset> evaluate(String query) {
    return Evaluator.of(TraceQL.parse(query)).evaluate(Traces.SHOP);
  }

  private static List<String> ids(Spanset s) {
    return s.spans().stream().map(m -> m.span().spanId()).toList();
  }
}
