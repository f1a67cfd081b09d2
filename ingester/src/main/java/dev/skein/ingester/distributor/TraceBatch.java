package dev.skein.ingester.distributor;

import dev.skein.trace.TraceId;
import java.util.Objects;

/**
 * The spans of one trace from one request, serialized as an OTLP {@code TracesData} message
 * (resource and scope grouping kept). Serialized once by the distributor, the bytes are what the
 * write-ahead log stores and the live traces hold.
 *
 * @param traceId the trace every span here belongs to
 * @param tracesData the serialized {@code TracesData}; not copied, must not be modified
 * @param spanCount the number of spans in {@code tracesData}
 */
public record TraceBatch(TraceId traceId, byte[] tracesData, int spanCount) {

  /** Validates the fields. */
  public TraceBatch {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(tracesData, "tracesData");
    if (spanCount <= 0) {
      throw new IllegalArgumentException("spanCount must be > 0, was " + spanCount);
    }
  }
}
