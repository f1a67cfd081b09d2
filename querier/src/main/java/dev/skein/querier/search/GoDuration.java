package dev.skein.querier.search;

import dev.skein.common.InvalidRequestException;
import java.time.Duration;

/**
 * Parses durations in Go's {@code time.ParseDuration} syntax, which Tempo's search parameters use:
 * a sequence of decimal numbers with units {@code ns us µs ms s m h}, such as {@code 300ms}, {@code
 * 1.5h} or {@code 2h45m}. Stateless.
 */
public final class GoDuration {

  private GoDuration() {}

  /**
   * Parses {@code text}.
   *
   * @param parameter the parameter name, for the error message
   * @throws InvalidRequestException naming the parameter, the value and the position of the problem
   */
  public static Duration parse(String parameter, String text) {
    String s = text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw error(parameter, text, "is empty");
    }
    boolean negative = false;
    int i = 0;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      i++;
    }
    if (i == s.length()) {
      throw error(parameter, text, "has no number");
    }
    double nanos = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw error(parameter, text, "expects a number at position " + start);
      }
      double value;
      try {
        value = Double.parseDouble(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw error(parameter, text, "has a malformed number at position " + start);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      nanos += value * unitNanos(parameter, text, unit, unitStart);
    }
    if (nanos > Long.MAX_VALUE) {
      throw error(parameter, text, "is too large");
    }
    long rounded = Math.round(nanos);
    return Duration.ofNanos(negative ? -rounded : rounded);
  }

  private static double unitNanos(String parameter, String text, String unit, int position) {
    return switch (unit) {
      case "ns" -> 1;
      case "us", "µs", "μs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      case "h" -> 3600e9;
      case "" ->
          throw error(
              parameter,
              text,
              "is missing a unit at position " + position + " (one of ns, us, ms, s, m, h)");
      default ->
          throw error(
              parameter,
              text,
              "has unknown unit '"
                  + unit
                  + "' at position "
                  + position
                  + " (one of ns, us, ms, s, m, h)");
    };
  }

  private static InvalidRequestException error(String parameter, String text, String problem) {
    return new InvalidRequestException(
        "invalid " + parameter + " '" + text + "': duration " + problem);
  }
}
