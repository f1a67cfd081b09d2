package dev.skein.traceql;

import static java.util.Objects.requireNonNull;

/**
 * A TraceQL query that does not parse or does not type-check. The message reads like {@code parse
 * error at line 1, column 14: expected a value after '=', found '}'}; the server maps it to HTTP
 * 400.
 */
public final class TraceQLException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String detail;

  /**
   * Creates the exception.
   *
   * @param kind "parse error" or "type error"
   * @param line 1-based line of the offending token
   * @param column 1-based column of the offending token
   * @param detail what was expected or found
   */
  public TraceQLException(String kind, int line, int column, String detail) {
    super(kind + " at line " + line + ", column " + column + ": " + detail);
    this.line = line;
    this.column = column;
    this.detail = requireNonNull(detail, "detail");
  }

  /** The 1-based line of the error. */
  public int line() {
    return line;
  }

  /** The 1-based column of the error, counted in UTF-16 code units. */
  public int column() {
    return column;
  }

  /** The message without the position prefix. */
  public String detail() {
    return detail;
  }
}
