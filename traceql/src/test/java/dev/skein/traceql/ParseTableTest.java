package dev.skein.traceql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code parse-table.tsv}: every {@code ok} row must parse, print as the given canonical form
 * and parse back to an equal query; every {@code error} row must fail with exactly the given
 * message (which includes line and column).
 */
class ParseTableTest {
  private static final String TABLE = "parse-table.tsv";

  static List<Row> rows() throws IOException {
    try (InputStream in = ParseTableTest.class.getResourceAsStream(TABLE)) {
      String text = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
      return text.lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .map(
              l -> {
                String[] f = l.split("\t", -1);
                return new Row(f[0], decode(f[1]), decode(f[2]));
              })
          .toList();
    }
  }

  private static String decode(String s) {
    return s.replace("⏎", "\n").replace("⇥", "\t");
  }

  static Stream<Arguments> okRows() throws IOException {
    return rows().stream()
        .filter(r -> r.outcome().equals("ok"))
        .map(r -> Arguments.argumentSet(r.name(), r.query(), r.expected()));
  }

  static Stream<Arguments> errorRows() throws IOException {
    return rows().stream()
        .filter(r -> r.outcome().equals("error"))
        .map(r -> Arguments.argumentSet(r.name(), r.query(), r.expected()));
  }

  @Test
  void table_hasAtLeast300Rows() throws IOException {
    assertThat(rows()).hasSizeGreaterThanOrEqualTo(300);
    assertThat(rows()).extracting(Row::outcome).containsOnly("ok", "error");
  }

  @ParameterizedTest
  @MethodSource("okRows")
  void parse_validQuery_printsCanonicalFormThatRoundTrips(String query, String canonical) {
    Query parsed = TraceQL.parse(query);

    assertThat(parsed.toString()).isEqualTo(canonical);
    assertThat(TraceQL.parse(parsed.toString())).isEqualTo(parsed);
  }

  @ParameterizedTest
  @MethodSource("errorRows")
  void parse_invalidQuery_failsWithPositionedMessage(String query, String message) {
    assertThatThrownBy(() -> TraceQL.parse(query))
        .isInstanceOf(TraceQLException.class)
        .hasMessage(message);
  }

  record Row(String outcome, String query, String expected) {
    String name() {
      return query.isBlank() ? "<blank query of " + query.length() + " chars>" : query;
    }
  }
}
