package dev.skein.traceql.eval;

import static dev.skein.traceql.eval.FilterEvaluationTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Spanset operators over {@link Traces#SHOP}: logical, structural, negated and union forms. */
class SpansetOperatorEvaluationTest {

  static Stream<Arguments> shopCases() {
    return Stream.of(
        // logical
        row("{ status = error } && { kind = server }", "root authsrv"),
        row("{ status = error } && { span.nope = 1 }", ""),
        row("{ status = error } || { span.nope = 1 }", "authsrv"),
        row("{ span.nope = 1 } || { span.nope = 2 }", ""),
        row("{ span:id = \"cache\" } || { span:id = \"db\" }", "db cache"),
        row("{ span:id = \"cache\" } || { span:id = \"root\" } && { span.nope = 1 }", "cache"),
        row("({ span:id = \"cache\" } || { span:id = \"root\" }) && { span.nope = 1 }", ""),
        // child >
        row("{ name = \"GET /api\" } > { }", "auth db cache"),
        row("{ kind = client } > { kind = server }", "authsrv"),
        row("{ status = error } > { }", ""),
        // parent <
        row("{ } < { kind = client }", "auth"),
        row("{ status = error } < { }", "auth"),
        row("{ span:id = \"db\" } < { }", "root"),
        // descendant >>
        row(
            "{ resource.service.name = \"frontend\" } >> { resource.service.name = \"auth\" }",
            "authsrv"),
        row("{ span:childCount = 3 } >> { }", "auth authsrv db cache"),
        row("{ span:id = \"auth\" } >> { }", "authsrv"),
        row("{ span:id = \"db\" } >> { }", ""),
        row("{ } >> { span:id = \"root\" }", ""),
        // ancestor <<
        row("{ status = error } << { }", "root auth"),
        row("{ span:id = \"cache\" } << { }", "root"),
        row("{ } << { span:id = \"cache\" }", ""),
        // sibling ~
        row("{ span:id = \"db\" } ~ { }", "auth cache"),
        row("{ kind = client } ~ { kind = client }", "auth db cache"),
        row("{ span:id = \"db\" } ~ { span:id = \"db\" }", ""),
        row("{ status = error } ~ { }", ""),
        // chains
        row("{ span:id = \"root\" } > { } > { }", "authsrv"),
        row("{ span:id = \"root\" } >> { } >> { }", "authsrv"),
        row("{ } > { kind = client } ~ { }", "auth db cache"),
        row("{ span:id = \"root\" } > ({ } > { })", "auth db cache"),
        // negated
        row("{ span:id = \"root\" } !> { }", "root authsrv"),
        row("{ span:id = \"root\" } !>> { }", "root"),
        row("{ status = error } !<< { }", "authsrv db cache"),
        row("{ } !< { }", "authsrv db cache"),
        row("{ span:id = \"db\" } !~ { }", "root authsrv db"),
        row("{ span.nope = 1 } !> { kind = client }", "auth db cache"),
        // union
        row("{ span:id = \"root\" } &> { kind = client }", "root auth db cache"),
        row("{ span:id = \"auth\" } &>> { status = error }", "auth authsrv"),
        row("{ status = error } &<< { kind = server }", "root authsrv"),
        row("{ status = error } &< { }", "auth authsrv"),
        row("{ span:id = \"db\" } &~ { }", "auth db cache"),
        row("{ span:id = \"db\" } &>> { }", ""),
        // combined with logical operators
        row("{ kind = server } > { } && { status = ok }", "root auth db cache"),
        row("{ kind = client } > { } || { span:id = \"cache\" }", "authsrv cache"));
  }

  @ParameterizedTest
  @MethodSource("shopCases")
  void evaluate_spansetOperatorOverShop_matchesExactlyTheseSpans(
      String query, List<String> expected) {
    assertThat(Traces.matchedIds(query, Traces.SHOP)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> forestCases() {
    return Stream.of(
        row("{ } >> { }", "c"),
        row("{ } > { }", "c"),
        row("{ } << { }", "r"),
        row("{ } !>> { }", "r x"),
        row("{ } ~ { }", ""),
        row("{ name = \"x\" } ~ { }", ""),
        row("{ } &>> { }", "r c"));
  }

  @ParameterizedTest
  @MethodSource("forestCases")
  void evaluate_spanWithoutNestedSet_takesPartInNoRelation(String query, List<String> expected) {
    assertThat(Traces.matchedIds(query, Traces.FOREST)).containsExactlyElementsOf(expected);
  }
}
