package dev.skein.bench.workload;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.List;

/**
 * One export request and the trace slices it carries.
 *
 * @param sequence position in the workload's stream of batches, from 0
 * @param request the request
 * @param slices per trace, the spans it carries
 * @param spanCount spans in the request
 */
public record Batch(
    int sequence, ExportTraceServiceRequest request, List<TraceSlice> slices, int spanCount) {

  public Batch {
    slices = List.copyOf(slices);
  }
}
