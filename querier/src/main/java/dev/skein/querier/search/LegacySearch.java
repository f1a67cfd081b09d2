package dev.skein.querier.search;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a legacy tag search ({@code tags}, {@code minDuration}, {@code maxDuration}) into the
 * equivalent TraceQL, so one engine answers both kinds of search. Each tag must be present on some
 * span of the trace (as a span or resource attribute); durations bound the whole trace. Stateless.
 */
public final class LegacySearch {

  private LegacySearch() {}

  /** The TraceQL for {@code query}: its own {@code q} when given, else the converted tags. */
  public static String toTraceQL(SearchQuery query) {
    List<String> parts = new ArrayList<>();
    if (!query.traceql().isEmpty()) {
      parts.add("(" + query.traceql() + ")");
    } else {
      for (Map.Entry<String, String> tag : query.tags().entrySet()) {
        parts.add("{ " + condition(tag.getKey(), tag.getValue()) + " }");
      }
    }
    if (!query.minDuration().isZero()) {
      parts.add("{ trace:duration >= " + nanos(query.minDuration()) + " }");
    }
    if (query.maxDuration() != null) {
      parts.add("{ trace:duration <= " + nanos(query.maxDuration()) + " }");
    }
    return parts.isEmpty() ? "{ }" : String.join(" && ", parts);
  }

  static String condition(String key, String value) {
    String quoted = quote(value);
    return switch (key) {
      case "name" -> "name = " + quoted;
      case "status.code", "status" -> "status = " + status(value);
      case "error" -> value.equals("true") ? "status = error" : "status != error";
      case "service.name" -> "resource.service.name = " + quoted;
      default -> {
        String attr = "." + quoteName(key);
        // Tag values arrive untyped; match the string form and, when it reads as one, the number
        // or boolean form, so http.status_code=500 finds integer attributes too.
        StringBuilder c = new StringBuilder(attr).append(" = ").append(quoted);
        if (value.matches("-?\\d{1,18}")) {
          c.append(" || ").append(attr).append(" = ").append(value);
        } else if (value.equals("true") || value.equals("false")) {
          c.append(" || ").append(attr).append(" = ").append(value);
        }
        yield c.toString();
      }
    };
  }

  private static String status(String value) {
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "error", "2", "status_code_error" -> "error";
      case "ok", "1", "status_code_ok" -> "ok";
      default -> "unset";
    };
  }

  private static String quoteName(String key) {
    return key.matches("[A-Za-z0-9_.\\-/]+") ? key : quote(key);
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String nanos(Duration d) {
    return d.toNanos() + "ns";
  }
}
