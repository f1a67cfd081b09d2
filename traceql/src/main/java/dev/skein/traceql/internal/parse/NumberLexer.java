package dev.skein.traceql.internal.parse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** Lexes integers, floats and (possibly compound, e.g. {@code 1h30m}) durations. Not API. */
final class NumberLexer {
  private static final Map<String, Long> UNITS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private NumberLexer() {}

  static void read(Lexer lx, int start) {
    String src = lx.src();
    int numberEnd = scanNumber(src, start);
    lx.pos(numberEnd);
    if (!isUnitStart(src, numberEnd)) {
      String text = src.substring(start, numberEnd);
      if (text.contains(".") || text.contains("e") || text.contains("E")) {
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
          throw lx.error(start, "number out of range: " + text);
        }
        lx.add(TokenKind.FLOAT, start, d);
      } else {
        try {
          lx.add(TokenKind.INT, start, Long.parseLong(text));
        } catch (NumberFormatException e) {
          throw lx.error(start, "number out of range: " + text);
        }
      }
      return;
    }
    BigDecimal total = BigDecimal.ZERO;
    int p = start;
    while (true) {
      int end = scanNumber(src, p);
      int unitEnd = end;
      while (unitEnd < src.length() && isUnitChar(src.charAt(unitEnd))) {
        unitEnd++;
      }
      String unit = src.substring(end, unitEnd);
      Long nanos = UNITS.get(unit);
      if (unit.isEmpty()) {
        throw lx.error(end, "missing duration unit after '" + src.substring(p, end) + "'");
      }
      if (nanos == null) {
        throw lx.error(end, "unknown duration unit '" + unit + "', expected ns, us, ms, s, m or h");
      }
      total = total.add(new BigDecimal(src.substring(p, end)).multiply(BigDecimal.valueOf(nanos)));
      p = unitEnd;
      if (p >= src.length() || !Lexer.isDigit(src.charAt(p))) {
        break;
      }
    }
    lx.pos(p);
    if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw lx.error(start, "duration out of range: " + src.substring(start, p));
    }
    lx.add(TokenKind.DURATION, start, total.setScale(0, RoundingMode.HALF_UP).longValue());
  }

  private static int scanNumber(String src, int p) {
    p = digits(src, p);
    if (p + 1 < src.length() && src.charAt(p) == '.' && Lexer.isDigit(src.charAt(p + 1))) {
      p = digits(src, p + 1);
    }
    if (p < src.length() && (src.charAt(p) == 'e' || src.charAt(p) == 'E')) {
      int q = p + 1;
      if (q < src.length() && (src.charAt(q) == '+' || src.charAt(q) == '-')) {
        q++;
      }
      if (q < src.length() && Lexer.isDigit(src.charAt(q))) {
        p = digits(src, q);
      }
    }
    return p;
  }

  private static int digits(String src, int p) {
    while (p < src.length() && Lexer.isDigit(src.charAt(p))) {
      p++;
    }
    return p;
  }

  private static boolean isUnitStart(String src, int p) {
    return p < src.length() && isUnitChar(src.charAt(p));
  }

  private static boolean isUnitChar(char c) {
    return Lexer.isIdentStart(c) || c == '\u00b5' || c == '\u03bc';
  }
}
