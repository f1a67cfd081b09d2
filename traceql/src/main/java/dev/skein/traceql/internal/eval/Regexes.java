package dev.skein.traceql.internal.eval;

import com.google.re2j.Pattern;

/**
 * Compiles TraceQL regular expressions with RE2/J, which runs in linear time and never backtracks
 * on user input. Matching is fully anchored ({@link com.google.re2j.Matcher#matches()}). Not API.
 */
public final class Regexes {
  private Regexes() {}

  /**
   * Compiles {@code regex}.
   *
   * @throws com.google.re2j.PatternSyntaxException when the syntax is invalid
   */
  public static Pattern compile(String regex) {
    return Pattern.compile(regex);
  }
}
