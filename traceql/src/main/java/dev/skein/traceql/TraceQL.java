package dev.skein.traceql;

import dev.skein.traceql.internal.parse.Parser;

/** Entry point: parses TraceQL text into a {@link Query}. Thread-safe. */
public final class TraceQL {
  /** Longest query text accepted, in UTF-16 code units; longer queries fail before lexing. */
  public static final int MAX_QUERY_LENGTH = 16_384;

  /** Longest regular expression (the pattern of {@code =~} / {@code !~}) accepted. */
  public static final int MAX_REGEX_LENGTH = 1_024;

  private TraceQL() {}

  /**
   * Parses and type-checks a TraceQL query.
   *
   * @param query the query text, e.g. {@code { span.http.status_code >= 500 } | count() > 2}
   * @return the parsed query
   * @throws TraceQLException with line and column when the query is malformed or ill-typed, or is
   *     longer than {@link #MAX_QUERY_LENGTH}, nests deeper than 200 levels, has more than 1000
   *     operators, or has a regular expression longer than {@link #MAX_REGEX_LENGTH}
   */
  public static Query parse(String query) {
    return Parser.parse(query);
  }
}
