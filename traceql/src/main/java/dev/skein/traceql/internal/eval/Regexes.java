package dev.skein.traceql.internal.eval;

import com.google.re2j.Pattern;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * Compiles TraceQL regular expressions with RE2/J, which runs in linear time and never backtracks
 * on user input. Matching is fully anchored ({@link com.google.re2j.Matcher#matches()}). Not API.
 *
 * <p>RE2/J caps one counted repetition at 1000 but not nested ones: it expands {@code
 * ((a{1000}){1000}){1000}} into a program of a billion instructions and runs out of memory after
 * half a minute (found by the limits audit, issue #9). {@link #complexityError} refuses a pattern
 * whose nested counted repetitions multiply past {@link #MAX_REPEAT_PRODUCT}, as RE2 in C++ does.
 */
public final class Regexes {
  /** Largest product of nested counted repetitions ({@code {n}}, {@code {n,m}}) in one pattern. */
  public static final int MAX_REPEAT_PRODUCT = 1000;

  private Regexes() {}

  /**
   * Compiles {@code regex}.
   *
   * @throws com.google.re2j.PatternSyntaxException when the syntax is invalid
   */
  public static Pattern compile(String regex) {
    return Pattern.compile(regex);
  }

  /**
   * Why {@code regex} is too complex to compile, or null when it is fine. Checks the nesting of
   * counted repetitions only; the syntax is left to {@link #compile}.
   */
  public static @Nullable String complexityError(String regex) {
    long product = new RepeatScanner(regex).maxProduct();
    return product > MAX_REPEAT_PRODUCT
        ? "nested repetitions expand to "
            + (product == Long.MAX_VALUE ? "too many" : product)
            + " copies, the limit is "
            + MAX_REPEAT_PRODUCT
        : null;
  }

  /** Walks a pattern once, keeping for each open group the largest repetition product inside. */
  private static final class RepeatScanner {
    private final String re;
    private int pos;

    RepeatScanner(String re) {
      this.re = re;
    }

    long maxProduct() {
      ArrayDeque<Long> open = new ArrayDeque<>();
      long top = 1;
      while (pos < re.length()) {
        char c = re.charAt(pos++);
        switch (c) {
          case '(' -> {
            open.push(top);
            top = 1;
          }
          case ')' -> {
            long inner = top;
            top = open.isEmpty() ? 1 : open.pop();
            top = Math.max(top, times(inner, count()));
          }
          case '[' -> {
            skipClass();
            top = Math.max(top, count());
          }
          case '\\' -> {
            skipEscape();
            top = Math.max(top, count());
          }
          default -> top = Math.max(top, count());
        }
      }
      while (!open.isEmpty()) {
        top = Math.max(top, open.pop());
      }
      return top;
    }

    /** The count of a {n}, {n,} or {n,m} at the position (consumed), else 1. */
    private long count() {
      if (pos >= re.length() || re.charAt(pos) != '{') {
        return 1;
      }
      int close = re.indexOf('}', pos);
      if (close < 0) {
        return 1;
      }
      String body = re.substring(pos + 1, close);
      if (!body.matches("[0-9]{1,9}(,[0-9]{0,9})?")) {
        return 1; // a literal brace; RE2/J decides
      }
      pos = close + 1;
      long n = 1;
      for (String part : body.split(",")) {
        if (!part.isEmpty()) {
          n = Math.max(n, Long.parseLong(part));
        }
      }
      return n;
    }

    private static long times(long a, long b) {
      return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private void skipEscape() {
      if (pos >= re.length()) {
        return;
      }
      char e = re.charAt(pos++);
      if ((e == 'p' || e == 'P' || e == 'x') && pos < re.length() && re.charAt(pos) == '{') {
        int close = re.indexOf('}', pos);
        pos = close < 0 ? re.length() : close + 1;
      }
    }

    private void skipClass() {
      if (pos < re.length() && re.charAt(pos) == '^') {
        pos++;
      }
      if (pos < re.length() && re.charAt(pos) == ']') {
        pos++;
      }
      while (pos < re.length()) {
        char c = re.charAt(pos++);
        if (c == '\\') {
          skipEscape();
        } else if (c == '[' && pos < re.length() && re.charAt(pos) == ':') {
          int close = re.indexOf(":]", pos);
          pos = close < 0 ? re.length() : close + 2;
        } else if (c == ']') {
          return;
        }
      }
    }
  }
}
