package dev.skein.bench.report;

import java.util.List;
import java.util.Map;

/** Writes maps, lists, strings, numbers and booleans as indented JSON. Stateless. */
final class JsonWriter {

  private JsonWriter() {}

  static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object value, int indent) {
    switch (value) {
      case Map<?, ?> m -> {
        sb.append('{');
        int i = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          sb.append(i++ == 0 ? "\n" : ",\n").append("  ".repeat(indent + 1));
          quote(sb, String.valueOf(e.getKey()));
          sb.append(": ");
          write(sb, e.getValue(), indent + 1);
        }
        sb.append(m.isEmpty() ? "" : "\n" + "  ".repeat(indent)).append('}');
      }
      case List<?> l -> {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
          sb.append(i == 0 ? "" : ", ");
          write(sb, l.get(i), indent + 1);
        }
        sb.append(']');
      }
      case Double d -> sb.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
      case Number n -> sb.append(n);
      case Boolean b -> sb.append(b);
      default -> quote(sb, value.toString());
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }
}
