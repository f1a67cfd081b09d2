package dev.skein.ingester.receiver;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.skein.common.InvalidRequestException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** Decodes OTLP/HTTP protobuf request bodies. Stateless and thread-safe. */
public final class OtlpProtobuf {

  private OtlpProtobuf() {}

  /**
   * Parses an {@code ExportTraceServiceRequest}.
   *
   * @param body the (already inflated) request body
   * @throws InvalidRequestException when the bytes are not a valid message, naming the problem
   */
  public static ExportTraceServiceRequest decode(byte[] body) {
    try {
      return ExportTraceServiceRequest.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidRequestException(
          "malformed OTLP protobuf (body of " + body.length + " bytes): " + e.getMessage(), e);
    }
  }
}
