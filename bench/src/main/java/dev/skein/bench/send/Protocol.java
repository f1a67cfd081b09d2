package dev.skein.bench.send;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** The OTLP transports the bench can send over. */
public enum Protocol {
  GRPC("grpc"),
  HTTP_PROTO("http-proto"),
  HTTP_JSON("http-json");

  private final String flag;

  Protocol(String flag) {
    this.flag = flag;
  }

  /** The name used on the command line. */
  public String flag() {
    return flag;
  }

  /** The request body as this protocol sends it. */
  public byte[] encode(ExportTraceServiceRequest request) {
    return this == HTTP_JSON ? OtlpJsonEncoder.encode(request) : request.toByteArray();
  }

  /**
   * Parses a command-line name.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Protocol parse(String flag) {
    for (Protocol p : values()) {
      if (p.flag.equals(flag)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "--protocol must be grpc, http-proto or http-json, was '" + flag + "'");
  }
}
