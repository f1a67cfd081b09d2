package dev.skein.traceql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.traceql.ast.BinaryExpr;
import dev.skein.traceql.ast.Literal;
import dev.skein.traceql.ast.SpansetFilter;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.eval.Evaluator;
import dev.skein.traceql.eval.MemoryTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The values literals lex to, checked through the AST. */
class LiteralParsingTest {

  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({
    "1ns, 1",
    "1us, 1000",
    "1µs, 1000",
    "1μs, 1000",
    "1ms, 1000000",
    "1.5s, 1500000000",
    "2m, 120000000000",
    "1h, 3600000000000",
    "1h30m, 5400000000000",
    "1m30s500ms, 90500000000",
    "0.5ns, 1",
    "-2s, -2000000000"
  })
  void parse_durationLiteral_hasNanoseconds(String literal, long nanos) {
    assertThat(literalOf("{ span:duration > " + literal + " }"))
        .isEqualTo(Value.durationNanos(nanos));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "42 | 42",
        "-42 | -42",
        "maxInt | 9223372036854775807",
        "minInt | minInt",
        "1.25 | 1.25",
        "1e3 | 1000.0",
        "-0.5 | -0.5"
      })
  void parse_numberLiteral_hasValue(String literal, String printed) {
    assertThat(literalOf("{ span.a = " + literal + " }").toString()).isEqualTo(printed);
  }

  @Test
  void parse_stringEscapes_areDecoded() {
    assertThat(literalOf("{ span.a = \"q\\\"b\\\\n\\n\\u00e9\" }"))
        .isEqualTo(Value.of("q\"b\\n\né"));
    assertThat(literalOf("{ span.a = `raw\\d` }")).isEqualTo(Value.of("raw\\d"));
  }

  @Test
  void evaluate_pathologicalRegexOnLongInput_completes() {
    MemoryTrace trace =
        MemoryTrace.builder("t")
            .span("s", null, s -> s.attr("a", "a".repeat(20_000) + "!"))
            .build();

    assertThat(Evaluator.of(TraceQL.parse("{ span.a =~ \"(a+)+$\" }")).matches(trace)).isFalse();
    assertThat(Evaluator.of(TraceQL.parse("{ span.a =~ \"(a+)+!\" }")).matches(trace)).isTrue();
  }

  private static Value literalOf(String query) {
    SpansetFilter f = (SpansetFilter) TraceQL.parse(query).root();
    return ((Literal) ((BinaryExpr) f.expr()).right()).value();
  }
}
