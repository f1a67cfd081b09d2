package dev.skein.ingester.kafka;

import dev.skein.ingester.distributor.TraceBatch;
import dev.skein.trace.TraceId;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one poll grouped by tenant and trace id, so the ingester gets one push per tenant
 * with each trace id once (as {@link dev.skein.ingester.distributor.SpanSink#push} requires). Two
 * records of the same trace are merged by concatenating their {@code TracesData} bytes, which
 * protobuf defines as merging the messages: the repeated {@code resource_spans} are appended. Not
 * thread-safe.
 */
final class PollBatch {

  private final Map<String, Tenant> tenants = new LinkedHashMap<>();

  void add(SpanRecords.Decoded record) {
    tenants.computeIfAbsent(record.tenant(), t -> new Tenant()).add(record.batch());
  }

  Map<String, Tenant> tenants() {
    return tenants;
  }

  /** One tenant's traces of the poll. */
  static final class Tenant {
    private final Map<TraceId, List<TraceBatch>> traces = new LinkedHashMap<>();

    void add(TraceBatch b) {
      traces.computeIfAbsent(b.traceId(), id -> new ArrayList<>(1)).add(b);
    }

    /** One batch per trace id. */
    List<TraceBatch> batches() {
      List<TraceBatch> out = new ArrayList<>(traces.size());
      for (Map.Entry<TraceId, List<TraceBatch>> e : traces.entrySet()) {
        List<TraceBatch> parts = e.getValue();
        if (parts.size() == 1) {
          out.add(parts.get(0));
          continue;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int spans = 0;
        for (TraceBatch p : parts) {
          bytes.writeBytes(p.tracesData());
          spans += p.spanCount();
        }
        out.add(new TraceBatch(e.getKey(), bytes.toByteArray(), spans));
      }
      return out;
    }
  }
}
