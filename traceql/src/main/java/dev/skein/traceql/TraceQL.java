package dev.skein.traceql;

import dev.skein.traceql.internal.parse.Parser;

/** Entry point: parses TraceQL text into a {@link Query}. Thread-safe. */
public final class TraceQL {
  private TraceQL() {}

  /**
   * Parses and type-checks a TraceQL query.
   *
   * @param query the query text, e.g. {@code { span.http.status_code >= 500 } | count() > 2}
   * @return the parsed query
   * @throws TraceQLException with line and column when the query is malformed or ill-typed
   */
  public static Query parse(String query) {
    return Parser.parse(query);
  }
}
