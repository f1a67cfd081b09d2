package dev.skein.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.skein.api.v1.Trace;

/**
 * Renders query API responses as the JSON Grafana's Tempo data source expects: protobuf's canonical
 * JSON mapping (lowerCamelCase, zero fields omitted, 64-bit integers as strings, enums as names,
 * bytes such as OTLP span ids as base64). Thread-safe.
 */
public final class TempoJson {

  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private TempoJson() {}

  /** The JSON form of {@code message}. */
  public static String print(MessageOrBuilder message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only Any fields with unknown types fail to print, and the API has none.
      throw new IllegalStateException("cannot render " + message.getClass().getSimpleName(), e);
    }
  }

  /**
   * The v1 trace-by-id body: {@code {"batches": [...]}}. Tempo renamed the field to {@code
   * resourceSpans} internally but kept {@code batches} on this endpoint for older clients.
   */
  public static String printV1Trace(Trace trace) {
    String json = print(trace);
    // The canonical form of a Trace is either {} or {"resourceSpans":[...]}.
    return json.startsWith("{\"resourceSpans\":")
        ? "{\"batches\":" + json.substring("{\"resourceSpans\":".length())
        : "{\"batches\":[]}";
  }
}
