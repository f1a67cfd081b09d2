package dev.skein.traceql.ast;

/** Canonical spelling of literals and attribute names. Not API. */
final class Literals {
  // Punctuation that may appear unquoted in an attribute name, besides ASCII letters and digits.
  private static final String PLAIN_PUNCTUATION = "_.-:@#$";
  private static final long[] UNIT_NANOS = {
    3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L
  };
  private static final String[] UNIT_NAMES = {"h", "m", "s", "ms", "us", "ns"};

  private Literals() {}

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  static String attributeName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || PLAIN_PUNCTUATION.indexOf(c) >= 0;
      if (!plain) {
        return quote(name);
      }
    }
    return name;
  }

  /** Prints a duration in the largest unit that divides it exactly, e.g. 90m, -1500ms. */
  static String duration(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    if (nanos == Long.MIN_VALUE) {
      return "-9223372036854775808ns";
    }
    String sign = nanos < 0 ? "-" : "";
    long abs = Math.abs(nanos);
    for (int i = 0; i < UNIT_NANOS.length; i++) {
      if (abs % UNIT_NANOS[i] == 0) {
        return sign + (abs / UNIT_NANOS[i]) + UNIT_NAMES[i];
      }
    }
    throw new AssertionError("unreachable");
  }
}
