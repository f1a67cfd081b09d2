package dev.skein.traceql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The documented size and complexity limits of a TraceQL query (docs/reliability.md). */
class LimitsTest {

  @Test
  void parse_queryAtTheLengthLimit_parses() {
    String q = "{ .a = \"" + "x".repeat(TraceQL.MAX_QUERY_LENGTH - 11) + "\" }";
    assertThat(q).hasSize(TraceQL.MAX_QUERY_LENGTH);

    assertThat(TraceQL.parse(q).toString()).contains("xxx");
  }

  @Test
  void parse_queryOverTheLengthLimit_failsNamingTheLimit() {
    String q = "{ .a = \"" + "x".repeat(TraceQL.MAX_QUERY_LENGTH - 10) + "\" }";

    assertThatThrownBy(() -> TraceQL.parse(q))
        .isInstanceOf(TraceQLException.class)
        .hasMessageContaining("query is 16385 characters long, the limit is 16384");
  }

  @Test
  void parse_regexOverTheLengthLimit_failsNamingTheLimit() {
    String regex = "a".repeat(TraceQL.MAX_REGEX_LENGTH + 1);

    assertThatThrownBy(() -> TraceQL.parse("{ .a =~ \"" + regex + "\" }"))
        .isInstanceOf(TraceQLException.class)
        .hasMessageContaining("regular expression is 1025 characters long, the limit is 1024");
    assertThat(TraceQL.parse("{ .a !~ \"" + regex.substring(1) + "\" }")).isNotNull();
  }

  @Test
  void parse_nestedCountedRepetitions_areRefusedBeforeRe2jExpandsThem() {
    // RE2/J 1.8 alone runs out of memory after ~30 s on the first one.
    for (String regex :
        new String[] {
          "((a{1000}){1000}){1000}", "(a{1000}){2}", "(?:[ab]{100}){11}", "(x{10,}){101}"
        }) {
      assertThatThrownBy(() -> TraceQL.parse("{ .a =~ \"" + regex + "\" }"))
          .as(regex)
          .isInstanceOf(TraceQLException.class)
          .hasMessageContaining("nested repetitions expand to")
          .hasMessageContaining("the limit is 1000");
    }
  }

  @Test
  void parse_repetitionsWithinTheProduct_parse() {
    for (String regex :
        new String[] {
          "a{1000}",
          "(a{10}){100}",
          "a{500}b{500}c{500}",
          "[{]{2}(x){3}",
          "\\{1000\\}{1000}",
          "\\p{Greek}{5}"
        }) {
      assertThat(TraceQL.parse("{ .a =~ \"" + regex.replace("\\", "\\\\") + "\" }"))
          .as(regex)
          .isNotNull();
    }
  }
}
