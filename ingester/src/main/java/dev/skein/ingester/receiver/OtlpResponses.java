package dev.skein.ingester.receiver;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** Builds OTLP export responses and encodes them as OTLP/JSON. Stateless and thread-safe. */
public final class OtlpResponses {

  private OtlpResponses() {}

  /**
   * The response for an export in which {@code rejectedSpans} spans were refused; a plain success
   * when none were.
   *
   * @param rejectedSpans spans not accepted, 0 or more
   * @param errorMessage why, for the client's log; ignored when nothing was rejected
   */
  public static ExportTraceServiceResponse of(long rejectedSpans, String errorMessage) {
    if (rejectedSpans == 0 && errorMessage.isEmpty()) {
      return ExportTraceServiceResponse.getDefaultInstance();
    }
    return ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(
            ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(rejectedSpans)
                .setErrorMessage(errorMessage))
        .build();
  }

  /** The response as OTLP/JSON: lowerCamelCase keys, int64 as a string, defaults omitted. */
  public static String toJson(ExportTraceServiceResponse response) {
    if (!response.hasPartialSuccess()) {
      return "{}";
    }
    ExportTracePartialSuccess ps = response.getPartialSuccess();
    StringBuilder sb = new StringBuilder("{\"partialSuccess\":{");
    sb.append("\"rejectedSpans\":\"").append(ps.getRejectedSpans()).append('"');
    if (!ps.getErrorMessage().isEmpty()) {
      sb.append(",\"errorMessage\":");
      quote(sb, ps.getErrorMessage());
    }
    return sb.append("}}").toString();
  }

  /** Appends {@code s} as a JSON string literal. */
  public static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }
}
